''first
  second''
