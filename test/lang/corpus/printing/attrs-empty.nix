# flags: --eval --strict
[ { } [ ] ]
