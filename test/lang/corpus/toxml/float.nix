builtins.toXML [ 0.1 1.0e20 2.0 ]
