builtins.fromTOML ''
  [[items]]
  name = "a"
  [[items]]
  name = "b"
''
