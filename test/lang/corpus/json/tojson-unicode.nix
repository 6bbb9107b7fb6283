builtins.toJSON "é ☃ 𝄞"
