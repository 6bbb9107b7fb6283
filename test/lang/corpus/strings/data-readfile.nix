builtins.readFile ./strings-data/hello.txt
