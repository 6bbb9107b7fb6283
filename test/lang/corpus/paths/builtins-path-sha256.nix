builtins.path { path = ./data/a.txt; sha256 = "sha256-uYxIiJqzQRWEgwcgBaJju22Y95hSXIwsYxliyGPFVB0="; }
