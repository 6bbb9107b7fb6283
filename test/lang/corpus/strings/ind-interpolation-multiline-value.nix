let v = "a\n  b"; in ''
    x
      ${v}
    y
''
