map builtins.parseDrvName [ "hello-2.10" "nix-2.8.0pre" "foo-bar-1.0-baz" "noversion" "a-1" "x-y-z" "python3.9-foo-1.2" "-1" "a--2" ]
