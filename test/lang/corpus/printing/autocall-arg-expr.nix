# flags: --eval --strict --arg xs [1(2+3)]
{ xs }: builtins.length xs
