let n = "x"; in { "${n}".y = 1; }
