let l = [ 1 (builtins.elemAt l 0 + 1) (builtins.elemAt l 1 * 10) ]; in l
