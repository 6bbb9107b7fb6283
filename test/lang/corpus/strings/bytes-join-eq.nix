# halves of split UTF-8 characters joined by +, interpolation, concatStringsSep and toString are the character again
let
  e = "é"; euro = "€"; emoji = "😀";
  b = s: i: builtins.substring i 1 s;
  j = b e 0 + b e 1;
in {
  plus = j == e;
  interp = "${b e 0}${b e 1}" == e;
  sep = builtins.concatStringsSep "" [ (b e 0) (b e 1) ] == e;
  tostr = toString [ (b e 0) [] ] + b e 1 == e;
  three = b euro 0 + b euro 1 + b euro 2 == euro;
  four = builtins.concatStringsSep "" (map (b emoji) [ 0 1 2 3 ]) == emoji;
  len = builtins.stringLength j;
  lenReversed = builtins.stringLength (b e 1 + b e 0);
  reversedEq = b e 1 + b e 0 == e;
  up = builtins.stringLength (builtins.substring 0 2 ("x" + j));
  repl = builtins.replaceStrings [ "x" ] [ (b e 1) ] "${b e 0}x" == e;
  inList = builtins.elem e [ j ];
  json = builtins.toJSON [ j ];
  xml = builtins.toXML j;
  hash = builtins.hashString "sha256" j;
  file = builtins.toFile "x" j;
  match = builtins.match "(.)(.)" j;
  split = builtins.split "(é)" ("a" + j + "b");
  ctx = builtins.getContext (builtins.substring 0 1 "${builtins.toFile "z" e}" + b e 1);
}
