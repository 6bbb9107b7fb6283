#!/bin/sh
# Records the builder environment real Nix 2.8 gives the derivations of goldens/build-env.nix (built in
# a throwaway chroot store): goldens/build-env.json maps each .drv to its ATerm, output paths, the env
# (NUL-separated `env -0` dump) and the files written into the build dir.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
NIX_EXTRA_CONF='sandbox = false\nsandbox-paths = /bin /usr /lib /lib64\ncores = 3\n'
. "$here/../throwaway-nix.sh"
drvs=$(nix-instantiate --store "$root" "$here/goldens/build-env.nix" 2>/dev/null)
nix-store --store "$root" -r $drvs > "$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
out="${1:-$here/goldens/build-env.json}"
python3 - "$root" $drvs > "$out" <<'PY'
import json, os, re, sys
root, drvs = sys.argv[1], sys.argv[2:]
out = {}
for d in drvs:
    text = open(root + d).read()
    outs = dict(re.findall(r'\("([^"]+)","(/nix/store/[^"]+)","",""\)', text))
    o = outs["out"]
    env = dict(kv.split("=", 1) for kv in open(root + o + "/env").read().split("\0") if kv)
    files = {n[4:]: open(root + o + "/" + n).read() for n in sorted(os.listdir(root + o)) if n.startswith("file")}
    out[d] = {"drv": text, "outputs": outs, "env": env, "files": files}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
PY
echo "wrote $out"
