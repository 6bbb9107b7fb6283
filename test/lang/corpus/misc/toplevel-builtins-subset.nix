[ (map (x: x) [ 1 ]) (removeAttrs { a = 1; } [ "a" ]) (baseNameOf "/a/b") (dirOf "/a/b") (isNull null) (toString 1) ]
