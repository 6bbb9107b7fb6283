let s = { a = 10; }; inherit (s) a; in a * 2
