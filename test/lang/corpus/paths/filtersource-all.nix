builtins.filterSource (p: t: true) ./data/sub
