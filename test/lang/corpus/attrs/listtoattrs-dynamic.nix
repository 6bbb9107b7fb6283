builtins.listToAttrs (map (n: { name = "k" + toString n; value = n * n; }) [ 1 2 3 ])
