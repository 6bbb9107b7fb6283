let s = { "x-1" = "ok"; }; n = 1; in s."x-${toString n}"
