let s = { x = 1; }; r = { inherit (s) x missing; }; in r.x
