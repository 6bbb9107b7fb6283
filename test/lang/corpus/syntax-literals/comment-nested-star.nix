/** doc-ish ***/ 1 + /* a * b */ 2
