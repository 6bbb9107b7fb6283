builtins.hashFile "sha512" ./data/h.txt
