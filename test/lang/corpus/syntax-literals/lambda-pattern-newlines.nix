({
  a,
  b ? 2,
  ...
}@args: a + b) { a = 1; c = 3; }
