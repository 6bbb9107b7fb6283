[ (builtins.match "a(.)b" "a€b") (builtins.match "[^a]+" "xé€y") (builtins.split "é" "aébéc") ]
