# key: TOML
builtins.fromTOML "x = "
