with builtins; [ (elem { a = 1; } [ { a = 1; } ]) (elem null [ null ]) (elem [ ] [ ]) (elem "" [ "" ]) ]
