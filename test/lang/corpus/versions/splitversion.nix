map builtins.splitVersion [ "1.2.3" "1.2pre3" "2.0-rc1" "abc" "" "1..2" "1a2b3c" "..." "1.0_beta" ]
