builtins.match "((a)(b)?)+" "aba"
