builtins.scopedImport { } ./data/uses-tostring.nix
