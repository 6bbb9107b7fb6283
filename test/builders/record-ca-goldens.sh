#!/bin/sh
# Records what real Nix 2.8 does with the floating CA derivations of goldens/ca-derivations.nix in a
# throwaway chroot store: the .drv files, the resolved .drv files, output paths and realisations.
# Output: goldens/ca-derivations.json (committed), or the file given as $1. Needs nix-instantiate, nix-store, python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
NIX_EXTRA_CONF='sandbox = false\nsandbox-paths = /bin /usr /lib /lib64\n'
. "$here/../throwaway-nix.sh"
drvs=$(nix-instantiate --store "$root" "$here/goldens/ca-derivations.nix" 2>/dev/null)
nix-store --store "$root" -r $drvs > "$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
out="${1:-$here/goldens/ca-derivations.json}"
python3 - "$root" "$tmp/log" $drvs > "$out" <<'PY'
import json, os, re, sqlite3, sys
root, log, drvs = sys.argv[1], sys.argv[2], sys.argv[3:]
db = sqlite3.connect(root + "/nix/var/nix/db/db.sqlite")
read = lambda p: open(root + p).read()
resolved = dict(re.findall(r"resolved derivation: '([^']+)' -> '([^']+)'", open(log).read()))
paths = {r[0]: r[1] for r in db.execute("select id, path from ValidPaths")}
real = []
for rid, h, o, pid, sigs in db.execute("select id, drvPath, outputName, outputPath, signatures from Realisations"):
    deps = sorted(next(db.execute("select drvPath || '!' || outputName from Realisations where id=?", (d,)))[0]
                  for (d,) in db.execute("select realisationReference from RealisationsRefs where referrer=?", (rid,)))
    real.append({"id": h + "!" + o, "outPath": paths[pid], "dependents": deps})
outputs = {}
for p, ca, deriver in db.execute("select path, ca, deriver from ValidPaths where deriver is not null"):
    st = os.lstat(root + p)
    contents = read(p) if os.path.isfile(root + p) else {n: (read(p + "/" + n) if os.path.isfile(root + p + "/" + n) and not os.path.islink(root + p + "/" + n) else "->" + os.readlink(root + p + "/" + n)) for n in sorted(os.listdir(root + p))}
    outputs[p] = {"deriver": deriver, "ca": ca, "contents": contents}
json.dump({"drvs": {d: read(d) for d in drvs},
           "resolved": {k: {"path": v, "text": read(v)} for k, v in resolved.items()},
           "outputs": outputs, "realisations": sorted(real, key=lambda r: r["id"])}, sys.stdout, indent=1, sort_keys=True)
print()
PY
echo "wrote $out"
