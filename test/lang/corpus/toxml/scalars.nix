map builtins.toXML [ 1 "str" true false null 1.5 ]
