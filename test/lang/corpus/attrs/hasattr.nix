[ (builtins.hasAttr "x" { x = 1; }) (builtins.hasAttr "y" { x = 1; }) ]
