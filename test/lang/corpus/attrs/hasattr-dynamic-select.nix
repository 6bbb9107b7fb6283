let s = { "1" = "one"; }; in [ (s ? "1") s."1" (s.${toString 1}) ]
