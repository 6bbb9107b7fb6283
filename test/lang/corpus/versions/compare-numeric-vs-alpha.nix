map (v: builtins.compareVersions v "1") [ "a" "1a" "pre" "01" "" ]
