let x = ./; in x
