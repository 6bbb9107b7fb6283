rec { a = 1; b = { inherit a; }; }
