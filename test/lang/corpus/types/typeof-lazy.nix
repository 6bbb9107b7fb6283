builtins.typeOf [ (throw "no") ]
