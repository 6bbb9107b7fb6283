#!/bin/sh
# Records drvs.json from the real Nix 2.8: instantiates drvs.nix in a throwaway chroot store and
# dumps every store path's contents and metadata, plus placeholder strings seen by the language.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
export NIX_CONF_DIR="$tmp/conf"; mkdir -p "$NIX_CONF_DIR"
printf 'build-users-group =\nexperimental-features = nix-command ca-derivations impure-derivations\nsandbox = false\nsubstituters =\n' > "$NIX_CONF_DIR/nix.conf"
cp "$here/drvs.nix" "$tmp/drvs.nix"
nix-instantiate --store "$tmp/root" "$tmp/drvs.nix" >/dev/null 2>&1
nix-instantiate --store "$tmp/root" --eval --strict --json -E "let d = import $tmp/drvs.nix; in { caOut = d.ca.outPath; caDev = d.ca.dev.outPath; caDrv = d.ca.drvPath; caflatOut = d.caFlat.outPath; caflatDrv = d.caFlat.drvPath; deferredOut = d.deferred.outPath; deferredDrv = d.deferred.drvPath; phOut = builtins.placeholder \"out\"; phDev = builtins.placeholder \"dev\"; }" > "$tmp/eval.json"
nix path-info --store "$tmp/root" --json --all > "$tmp/info.json"
node -e '
const fs = require("fs"); const [tmp, out] = process.argv.slice(1);
const info = JSON.parse(fs.readFileSync(tmp + "/info.json", "utf8"));
const paths = info.map((i) => { const f = tmp + "/root" + i.path; const st = fs.lstatSync(f);
  return { ...i, registrationTime: undefined, contents: st.isFile() ? fs.readFileSync(f, "utf8") : undefined }; });
fs.writeFileSync(out, JSON.stringify({ eval: JSON.parse(fs.readFileSync(tmp + "/eval.json", "utf8")), paths }, null, 1) + "\n");
' "$tmp" "$here/drvs.json"
chmod -R u+w "$tmp"; rm -rf "$tmp"
