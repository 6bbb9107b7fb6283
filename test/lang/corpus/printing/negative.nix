# flags: --eval
-5
