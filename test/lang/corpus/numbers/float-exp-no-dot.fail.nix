# key: undefined variable
let f = x: x; in f 1e5
