# flags: --eval --strict
[ true false null ]
