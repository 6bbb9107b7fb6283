"n = ${toString 1} ${toString true} ${toString null} ${toString [1 2]}"
