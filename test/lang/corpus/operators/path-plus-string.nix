let p = ./a + "/b"; in [ (builtins.typeOf p) (baseNameOf p) ]
