import ./data/nothing.nix
