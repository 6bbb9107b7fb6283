let mk = x: y: x; k = mk 5; in k 10
