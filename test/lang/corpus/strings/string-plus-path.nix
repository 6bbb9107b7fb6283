"/prefix" + ./strings-data/hello.txt == "/prefix" + toString ./strings-data/hello.txt
