builtins.toJSON [ [ [ ] ] { a = { b = { }; }; } ]
