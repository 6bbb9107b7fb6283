# flags: --eval --arg other 1
{ x ? 5 }: x
