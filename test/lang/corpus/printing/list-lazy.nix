# flags: --eval
[ 1 (1 + 1) "x" ]
