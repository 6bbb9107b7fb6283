"${./data/sub}"
