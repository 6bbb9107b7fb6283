# flags: --eval
x: x + 1
