{ "if" = 1; "then" = 2; "let" = 3; }
