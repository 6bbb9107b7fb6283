builtins.match "^a.*z$" "abcz"
