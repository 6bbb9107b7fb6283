map (c: builtins.match "[[:upper:]][[:lower:]]*[[:punct:]]" c) [ "Hello!" "hello!" "H." ]
