# flags: --eval --strict
{ d = derivation { name = "pr"; system = "x86_64-linux"; builder = "/bin/sh"; }; }
