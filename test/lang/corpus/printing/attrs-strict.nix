# flags: --eval --strict
{ a = 1; b = 1 + 1; c = { d = 2; }; "with space" = 3; "" = 4; }
