builtins.stringLength "é☃𝄞"
