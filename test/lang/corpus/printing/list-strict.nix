# flags: --eval --strict
[ 1 (1 + 1) "x" [ ] [ [ ] ] ]
