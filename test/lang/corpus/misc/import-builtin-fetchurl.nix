builtins.isFunction (import <nix/fetchurl.nix>)
