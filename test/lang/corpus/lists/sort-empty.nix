builtins.sort (a: b: throw "no") [ ]
