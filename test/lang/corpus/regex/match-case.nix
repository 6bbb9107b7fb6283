[ (builtins.match "abc" "ABC") (builtins.match "[A-Z]+" "ABC") ]
