(import ./data/uses-tostring.nix) == (import ./data/uses-tostring.nix)
