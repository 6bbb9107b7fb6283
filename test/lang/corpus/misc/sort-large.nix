let l = builtins.genList (i: builtins.bitXor (i * 7919) 4093 - i) 200; s = builtins.sort builtins.lessThan l; in [ (builtins.head s) (builtins.elemAt s 199) (builtins.length s) ]
