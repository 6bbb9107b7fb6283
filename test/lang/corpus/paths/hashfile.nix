builtins.hashFile "sha256" ./data/a.txt
