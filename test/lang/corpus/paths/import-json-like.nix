(import ./data/value.nix) // { z = 3; }
