builtins.toXML [ /abs/p ]
