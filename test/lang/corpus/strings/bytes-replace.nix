# replaceStrings works on bytes: an empty pattern or half of a split character matches between/inside characters
let e = "é"; h1 = builtins.substring 0 1 e; in [
  (builtins.stringLength (builtins.replaceStrings [ "" ] [ "-" ] "aé"))
  (builtins.replaceStrings [ h1 ] [ "X" ] "é" == "X" + builtins.substring 1 1 e)
  (builtins.replaceStrings [ "é" ] [ "e" ] "café")
  (builtins.replaceStrings [ h1 ] [ h1 ] "é" == "é")
]
