"${toString /x/y/../z}"
