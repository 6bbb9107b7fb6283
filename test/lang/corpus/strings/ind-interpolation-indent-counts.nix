let v = "  "; in ''
  ${v}a
    b
''
