builtins.fromTOML ''
  basic = "a\tb\u00e9"
  literal = 'C:\path'
  multi = """
  line1
  line2"""
''
