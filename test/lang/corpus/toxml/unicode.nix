builtins.toXML "é☃"
