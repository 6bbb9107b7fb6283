let s = "aé€"; in [ (builtins.substring 1 3 s) (builtins.substring 0 2 "€") (builtins.stringLength (builtins.substring 0 1 "é")) ((builtins.substring 0 1 "é") + (builtins.substring 1 1 "é")) ]
