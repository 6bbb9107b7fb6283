baseNameOf (./data + "/a.txt")
