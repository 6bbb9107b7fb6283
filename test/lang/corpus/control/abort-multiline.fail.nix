abort "line1\nline2"
