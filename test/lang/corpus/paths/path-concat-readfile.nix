builtins.readFile (./data + "/sub" + "/c.txt")
