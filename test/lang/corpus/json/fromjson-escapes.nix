builtins.fromJSON ''"a\"b\\c\/d\n\t\b\f\r"''
