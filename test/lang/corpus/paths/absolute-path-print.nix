# flags: --eval
/abs/path/x
