let
  a = 1;
in assert a == 2 && (let b = 1; in b > 0) || !true; { x = [ 1 "s" ]; }.x
