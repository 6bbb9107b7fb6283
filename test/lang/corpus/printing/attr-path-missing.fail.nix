# flags: --eval -A nope
{ a = 1; }
