builtins.path { path = ./data/a.txt; sha256 = "sha256-GZ3YO3OLZUw2EEd/Iu7dIzF+vQAqGDYiFUuO1O4zQ/8="; }
