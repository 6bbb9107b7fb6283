let s = { }; in s.then
