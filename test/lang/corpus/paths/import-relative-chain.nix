import ./data/relimport.nix
