./data/
