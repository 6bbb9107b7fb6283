{ "a b" = 1; "" = 2; "with.dot" = 3; }
