"${throw "from interpolation"}"
