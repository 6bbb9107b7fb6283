let a = "A"; b = "B"; in "x${a + "-${b}-"}y"
