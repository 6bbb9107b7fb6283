toString /abs/path/x
