builtins.hashFile "md5" ./data/b.txt
