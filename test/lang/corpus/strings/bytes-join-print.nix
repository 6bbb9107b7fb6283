# flags: --eval --strict
# rejoined halves print as the character
let e = "€"; b = i: builtins.substring i 1 e; in [ (b 0 + b 1 + b 2) "${b 0}${b 1}" (b 2) ]
