a: a.b.
