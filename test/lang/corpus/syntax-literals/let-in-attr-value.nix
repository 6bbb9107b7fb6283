{ a = let x = 1; in x + 1; b = with { y = 2; }; y; c = assert true; 3; d = if true then 4 else 5; }
