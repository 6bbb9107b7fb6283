map builtins.isList [ [ ] { } "[]" ]
