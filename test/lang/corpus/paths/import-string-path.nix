(import (toString ./data/value.nix)).y
