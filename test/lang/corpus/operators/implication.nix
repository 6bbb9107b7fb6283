[ (true -> false) (false -> throw "x") (true -> true) (false -> false) ]
