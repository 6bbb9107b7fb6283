let x = 1; in with (throw "unused"); x
