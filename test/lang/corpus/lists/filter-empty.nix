builtins.filter (x: throw "no") [ ]
