let v = "VAL"; in ''
  start ${v}
    indented ${v + "!"}
''
