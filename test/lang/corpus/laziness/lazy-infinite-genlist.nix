let nats = builtins.genList (i: i) 1000000; in builtins.elemAt nats 999999
