# flags: --eval --strict
[ builtins.add (builtins.add 1) builtins.map ]
