[ (true || false -> false) (false -> true && false) ]
