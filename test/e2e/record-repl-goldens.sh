#!/usr/bin/env bash
# Re-records test/e2e/goldens/repl/session.{out,err} from the real Nix 2.8: `nix repl lib.nix`
# reading session.in (needs nix; experimental feature nix-command from test/throwaway-nix.sh).
set -euo pipefail
cd "$(dirname "$0")/goldens/repl"
. ../../../throwaway-nix.sh
export HOME="$tmp"
nix repl lib.nix < session.in > session.out 2> session.err
