# flags: --eval
x: x
