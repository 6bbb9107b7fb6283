builtins.typeOf http://a.b/c
