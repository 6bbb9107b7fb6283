# flags: --eval --json
"just a string"
