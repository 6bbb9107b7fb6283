# flags: --eval --strict
[ (derivation { name = "pr"; system = "x86_64-linux"; builder = "/bin/sh"; }) ]
