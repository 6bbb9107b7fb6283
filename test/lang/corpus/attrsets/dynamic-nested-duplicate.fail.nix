let k = "x"; in { a.${k}.b = 1; a.${k}.c = 2; }
