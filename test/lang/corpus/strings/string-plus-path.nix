"/prefix" + ./data/hello.txt == "/prefix" + toString ./data/hello.txt
