# flags: --eval --strict
{ __functor = self: x: x; }
