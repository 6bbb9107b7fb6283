(x: 5) (throw "no")
