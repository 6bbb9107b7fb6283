"a\rb" == ''a''\rb''
