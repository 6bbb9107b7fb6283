# flags: --eval --strict
{ "a.b" = 1; "1x" = 2; "x-y" = 3; "x'" = 4; "if" = 5; "A_b" = 6; "é" = 7; }
