let
  f = x: throw "boo ${x}";
in f "a"
