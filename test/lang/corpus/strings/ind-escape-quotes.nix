''
  two: '''
  three: ''''
''
