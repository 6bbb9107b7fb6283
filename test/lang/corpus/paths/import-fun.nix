import ./data/fun.nix 14
