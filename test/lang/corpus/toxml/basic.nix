builtins.toXML { a = 1; b = "s"; c = [ true null ]; }
