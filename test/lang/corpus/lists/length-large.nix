builtins.length (builtins.concatLists (builtins.genList (i: [ i i ]) 5000))
