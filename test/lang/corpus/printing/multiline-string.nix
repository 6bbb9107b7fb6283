# flags: --eval
''
  line1
  line2
''
