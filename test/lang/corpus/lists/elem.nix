with builtins; [ (elem 2 [ 1 2 3 ]) (elem "a" [ "b" ]) (elem [ 1 ] [ [ 1 ] ]) (elem 1 [ 1.0 ]) (elem { } [ ]) ]
