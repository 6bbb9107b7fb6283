rec { x = 1; y = with { x = 2; }; x; }.y
