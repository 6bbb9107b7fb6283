# flags: --eval --strict -A xs.1
{ xs = [ "zero" "one" ]; }
