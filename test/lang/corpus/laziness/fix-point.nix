let fix = f: let x = f x; in x; s = fix (self: { a = 1; b = self.a + 10; c = self.b * 2; }); in s.c
