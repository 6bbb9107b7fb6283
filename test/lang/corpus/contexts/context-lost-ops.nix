let f = builtins.toFile "f" "x"; in map builtins.hasContext [ (builtins.hashString "sha256" f) (toString (builtins.stringLength f)) (builtins.toJSON (builtins.match "(.*)" f)) ]
