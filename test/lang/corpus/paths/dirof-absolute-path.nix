toString (dirOf /a/b/c)
