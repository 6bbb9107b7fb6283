"${./data/a.txt}"
