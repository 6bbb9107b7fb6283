map (n: (builtins.parseDrvName n).version) [ "gcc-wrapper-12.2.0" "perl5.36.0-Foo-1.0" "a-b2" "a-B" "x-1a" "name-" ]
