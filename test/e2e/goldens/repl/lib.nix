{ greeting = "hi"; add = a: b: a + b; nested = { deep = { deeper = 1; }; }; }
