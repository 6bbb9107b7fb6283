map (builtins.match "[0-9]{3}") [ "12" "123" "1234" ]
