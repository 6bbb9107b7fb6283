# flags: --eval
"é☃"
