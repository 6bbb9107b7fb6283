# flags: --eval
/abs/p
