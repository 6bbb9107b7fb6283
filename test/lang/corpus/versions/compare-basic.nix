with builtins; [ (compareVersions "1.0" "2.0") (compareVersions "2.0" "1.0") (compareVersions "1.0" "1.0") ]
