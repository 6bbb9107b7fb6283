#!/bin/sh
# Records ca-selfref.json: a floating CA output that refers to itself, built by Nix 2.8 in a chroot
# store (needs sandbox with /bin,/lib,/usr bound), with its NAR and registered path info.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); export NIX_CONF_DIR="$tmp/conf"; mkdir -p "$NIX_CONF_DIR"
printf 'build-users-group =\nexperimental-features = nix-command ca-derivations\nsandbox = true\nsandbox-paths = /bin /lib /lib64 /usr\nsubstituters =\n' > "$NIX_CONF_DIR/nix.conf"
cat > "$tmp/ca.nix" <<'NIX'
derivation { name = "ca-thing"; system = "x86_64-linux"; builder = "/bin/sh"; __contentAddressed = true;
  args = ["-c" "/bin/mkdir $out; echo $out > $out/self; echo plain > $out/plain; /bin/ln -s $out/self $out/link"]; }
NIX
out=$(nix-build --store "$tmp/root" "$tmp/ca.nix" --no-out-link 2>/dev/null)
drv=$(nix-instantiate --store "$tmp/root" "$tmp/ca.nix" 2>/dev/null)
nix path-info --store "$tmp/root" --json "$out" > "$tmp/info.json"
nix-store --dump "$tmp/root$out" | base64 -w0 > "$tmp/nar.b64"
node -e 'const fs=require("fs");const [t,o,d,f]=process.argv.slice(1);
fs.writeFileSync(f, JSON.stringify({drvPath:d, info: JSON.parse(fs.readFileSync(t+"/info.json","utf8"))[0], nar: fs.readFileSync(t+"/nar.b64","utf8")}, null, 1)+"\n")' "$tmp" "$out" "$drv" "$here/ca-selfref.json"
chmod -R u+w "$tmp"; rm -rf "$tmp"
