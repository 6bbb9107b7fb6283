# flags: --eval --strict
let x = { a = 1; }; in { p = x; q = { r = x; }; }
