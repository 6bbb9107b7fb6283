# Sourced by the scripts that record goldens from the real Nix 2.8: a temp dir $tmp removed on exit,
# NIX_CONF_DIR with no build users and no substituters and ca-derivations enabled (plus the lines of
# $NIX_EXTRA_CONF, backslash escapes allowed), and $root, a chroot store whose logical store is /nix/store.
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export NIX_CONF_DIR="$tmp/conf"
mkdir -p "$NIX_CONF_DIR"
printf 'build-users-group =\nexperimental-features = nix-command ca-derivations\nsubstituters =\n%b' "${NIX_EXTRA_CONF:-}" > "$NIX_CONF_DIR/nix.conf"
root="$tmp/root"
