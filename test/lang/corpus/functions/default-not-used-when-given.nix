({ a ? throw "x" }: a) { a = 2; }
