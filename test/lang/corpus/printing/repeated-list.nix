# flags: --eval --strict
let l = [ 1 2 ]; in { a = l; b = l; }
