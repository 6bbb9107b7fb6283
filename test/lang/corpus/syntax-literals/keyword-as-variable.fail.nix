let if = 1; in if
