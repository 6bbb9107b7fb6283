builtins.toJSON [ ./data/x.txt ]
