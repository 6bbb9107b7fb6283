builtins.fromTOML ''
  title = "t"
  n = 42
  f = 1.5
  b = true
  arr = [ 1, 2, 3 ]
  [section]
  key = "value"
  [section.sub]
  deep = "x"
''
