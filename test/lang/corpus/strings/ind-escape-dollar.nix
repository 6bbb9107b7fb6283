''
  ''${not} interpolated
''
