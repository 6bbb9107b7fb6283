let or = 5; in or
