# string order is byte order (std::string): raw bytes of split characters, BMP and astral characters
let
  e = "é";
  h1 = builtins.substring 0 1 e;
  h2 = builtins.substring 1 1 e;
in {
  lt = [ (h1 < e) (h2 < h1) (h1 < "z") ("z" < h2) ("｡" < "😀") ("😀" < "｡") ];
  sorted = builtins.sort builtins.lessThan [ e h1 "z" "a" h2 "😀" "｡" "" ];
  versions = [ (builtins.compareVersions h1 e) (builtins.compareVersions "1${h1}" "1${h2}") (builtins.compareVersions "1.｡" "1.😀") ];
}
