map (x: x.n) (builtins.sort (a: b: a.k < b.k) [ { k = 1; n = "a"; } { k = 0; n = "b"; } { k = 1; n = "c"; } { k = 0; n = "d"; } ])
