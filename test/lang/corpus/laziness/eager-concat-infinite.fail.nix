# key: recursion
let nat = n: [ n ] ++ nat (n + 1); take = n: l: if n == 0 then [ ] else [ (builtins.head l) ] ++ take (n - 1) (builtins.tail l); in take 5 (nat 0)
