# flags: --eval
[ 1 (throw "not forced without --strict") ]
