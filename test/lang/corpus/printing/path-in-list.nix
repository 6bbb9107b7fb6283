# flags: --eval --strict
[ /abs/p /x/y/../z ]
