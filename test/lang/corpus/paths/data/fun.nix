arg: arg * 3
