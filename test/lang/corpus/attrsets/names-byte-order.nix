# attribute names are in byte order (std::string): raw bytes of split characters, U+FF61 before astral characters
let e = "é"; in builtins.attrNames { ${builtins.substring 0 1 e} = 1; ${e} = 2; a = 3; "😀" = 4; "｡" = 5; z = 6; }
