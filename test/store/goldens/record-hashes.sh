#!/bin/sh
# Records hashes.json: `nix hash file` of a few inputs in every algorithm and textual form (Nix 2.8).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
export NIX_CONF_DIR="$tmp"; printf 'experimental-features = nix-command\n' > "$tmp/nix.conf"
printf '' > "$tmp/empty"; printf 'hello world' > "$tmp/hello"; head -c 100000 /dev/zero | tr '\0' 'x' > "$tmp/big"
{
  echo "["; first=1
  for f in empty hello big; do for t in md5 sha1 sha256 sha512; do
    [ $first = 1 ] || echo ","; first=0
    printf '{"file":"%s","type":"%s","base16":"%s","base32":"%s","base64":"%s","sri":"%s"}' "$f" "$t" \
      "$(nix hash file --type $t --base16 "$tmp/$f")" "$(nix hash file --type $t --base32 "$tmp/$f")" \
      "$(nix hash file --type $t --base64 "$tmp/$f")" "$(nix hash file --type $t --sri "$tmp/$f")"
  done; done
  echo "]"
} > "$here/hashes.json"
rm -rf "$tmp"
