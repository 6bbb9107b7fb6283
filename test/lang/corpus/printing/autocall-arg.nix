# flags: --eval --strict --arg n 21
{ n, m ? 2 }: n * m
