rec { x = y; y = 5; }
