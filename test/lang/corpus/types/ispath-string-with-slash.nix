builtins.isPath "/tmp"
