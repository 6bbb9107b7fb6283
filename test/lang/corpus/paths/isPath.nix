[ (builtins.isPath ./data) (builtins.isPath "./data") (builtins.isPath /abs/x) ]
