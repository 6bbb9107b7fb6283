# flags: --eval
[ "\${" "$" "$${" ]
