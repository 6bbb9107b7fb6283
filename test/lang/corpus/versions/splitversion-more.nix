map builtins.splitVersion [ "1.2.3-rc.1" "2022-01-05" "v1.0" "1.0pre" "1.0.0.0.0" ]
