let y = 100; in ({ x ? y }: x) { }
