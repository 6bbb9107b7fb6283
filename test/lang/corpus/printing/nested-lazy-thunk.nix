# flags: --eval
{ a = [ (throw "x") ]; }
