import ./data/value.nix
