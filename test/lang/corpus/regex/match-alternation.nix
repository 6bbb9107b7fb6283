map (builtins.match "(foo|bar)-([0-9]+)") [ "foo-1" "bar-22" "baz-3" ]
