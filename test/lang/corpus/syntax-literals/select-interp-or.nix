let s = { a = { b = 1; }; }; k = "a"; in [ (s.${k}.b or 0) (s.${k}.c or 0) (s.${"z"} or "z") ]
