let d = "data"; in builtins.typeOf ./${d}/x
