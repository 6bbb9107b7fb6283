toString { outPath = "/some/where"; }
