[ (baseNameOf ./data/a.txt) (baseNameOf ./data) (baseNameOf "/a/b/") (baseNameOf "x") (baseNameOf "") (baseNameOf "/") ]
