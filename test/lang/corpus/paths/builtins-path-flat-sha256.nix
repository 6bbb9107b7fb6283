builtins.path { path = ./data/a.txt; recursive = false; sha256 = "sha256-tqmNnOmi2RSSiPo99C03fD5Cc3r9za9xTjPAoQC1EGA="; }
