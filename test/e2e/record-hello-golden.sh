#!/usr/bin/env bash
# Re-records test/e2e/goldens/hello.json from the real Nix 2.8 (needs nix-instantiate).
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/throwaway-nix.sh
drv=$(nix-instantiate --store "$root" derivations/examples/hello.tk 2>/dev/null)
out=$(grep -o '"out","/nix/store/[^"]*"' "$root$drv" | head -1 | cut -d'"' -f4)
python3 - "$drv" "$out" "$root$drv" > test/e2e/goldens/hello.json <<'PY'
import json, sys
drv, out, f = sys.argv[1:4]
print(json.dumps({"comment": "Recorded from Nix 2.8: nix-instantiate --store <tmp> derivations/examples/hello.tk (logical store /nix/store). Re-record with test/e2e/record-hello-golden.sh.",
  "drvPath": drv, "outPath": out, "drv": open(f).read()}, indent=2))
PY
