let c = { __functor = self: n: if n == 0 then self.acc else (self // { acc = self.acc + n; }) (n - 1); acc = 0; }; in c 4
