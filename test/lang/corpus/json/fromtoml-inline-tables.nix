builtins.fromTOML ''
  point = { x = 1, y = 2 }
  "quoted key" = "q"
  dotted.key.path = 3
''
