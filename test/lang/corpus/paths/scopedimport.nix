builtins.scopedImport { extra = 5; } ./data/fun.nix 2
