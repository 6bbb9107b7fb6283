"${toString false}|${toString true}"
