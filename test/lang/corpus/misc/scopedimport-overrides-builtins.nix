builtins.scopedImport { toString = x: "overridden"; } ./data/uses-tostring.nix
