#!/usr/bin/env bash
# Re-records test/store/goldens/instantiate-corpus.json from Nix 2.8: the .drv paths nix-instantiate
# prints for test/store/instantiate-corpus/derivations.nix, and every .drv file it writes.
set -euo pipefail
cd "$(dirname "$0")/instantiate-corpus"
. ../../throwaway-nix.sh
nix-instantiate --store "$root" derivations.nix 2>/dev/null > "$tmp/printed"
python3 - "$root" "$tmp/printed" > ../goldens/instantiate-corpus.json <<'PY'
import json, os, sys
root, printed = sys.argv[1], sys.argv[2]
store = os.path.join(root, "nix/store")
drvs = {"/nix/store/" + n: open(os.path.join(store, n), encoding="utf-8", newline="").read()
        for n in sorted(os.listdir(store)) if n.endswith(".drv")}
print(json.dumps({"printed": open(printed).read().split(), "drvs": drvs}, indent=1, ensure_ascii=False))
PY
