let f = x: abort "stop ${x}"; in f "here"
