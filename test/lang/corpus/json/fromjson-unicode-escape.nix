builtins.fromJSON ''"\u00e9\u2603\ud834\udd1e"''
