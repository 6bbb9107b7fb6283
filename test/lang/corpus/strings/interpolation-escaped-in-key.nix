let k = "dyn"; in { "${k}x" = 1; "a${"b"}c" = 2; }
