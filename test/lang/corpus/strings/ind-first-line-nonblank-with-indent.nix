''  first
    second
  third''
