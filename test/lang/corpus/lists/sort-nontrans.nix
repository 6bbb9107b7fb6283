builtins.sort (a: b: a.p < b.p) (map (p: { inherit p; }) [ 3 1 2 ]) == map (p: { inherit p; }) [ 1 2 3 ]
