# flags: --eval --arg other 1
{ needed, ... }: needed
