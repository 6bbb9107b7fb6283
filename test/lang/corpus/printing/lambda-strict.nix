# flags: --eval --strict
{ f = x: x; g = { a }: a; }
