builtins.hashFile "sha1" ./data/h.txt
