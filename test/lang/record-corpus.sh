#!/usr/bin/env bash
# Re-records the expected outputs of the differential corpus (test/lang/corpus/) from the real Nix 2.8.
# For <name>.nix: <name>.exp = stdout of `nix-instantiate <flags> --readonly-mode <file>` (flags from a
# first-line `# flags: ...` comment, default `--eval --strict --json`).
# For <name>.fail.nix: <name>.fail.exp = exit status, then the first `error:` line of stderr;
# <name>.fail.stderr = the whole stderr. Absolute paths of this checkout are replaced by relative ones.
# The throwaway nix.conf enables ca-derivations because tk supports floating content-addressed derivations.
# Usage: test/lang/record-corpus.sh [file.nix ...]   (default: every program of the corpus)
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
conf=$(mktemp -d); home=$(mktemp -d); root=$(mktemp -d)
trap 'chmod -R u+w "$root"; rm -rf "$conf" "$home" "$root"' EXIT
printf 'build-users-group =\nsubstituters =\nexperimental-features = nix-command ca-derivations\n' > "$conf/nix.conf"
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test/lang/corpus -name data -prune -o -name '*.nix' -print | LC_ALL=C sort); fi
bad=0
for f in "${files[@]}"; do
  f=${f#"$repo/"}
  first=$(head -n1 "$f")
  flags="--eval --strict --json"
  if [[ $first == "# flags:"* ]]; then flags=${first#"# flags:"}; fi
  base=${f%.nix}
  # shellcheck disable=SC2086
  out=$(cd "$repo" && env -i PATH="$PATH" HOME="$home" NIX_CONF_DIR="$conf" NIX_PATH= TZ=UTC LANG=C.UTF-8 \
        nix-instantiate $flags --readonly-mode --store "$root" "$f" 2>"$conf/stderr"; echo "rc=$?")
  rc=${out##*rc=}; out=${out%rc=*}
  err=$(sed "s|$repo/||g" "$conf/stderr")
  if [[ $f == *.fail.nix ]]; then
    if [ "$rc" = 0 ]; then echo "UNEXPECTED SUCCESS: $f" >&2; bad=1; continue; fi
    printf '%s\n%s\n' "$rc" "$(grep -m1 '^error:' <<<"$err")" > "$base.exp"
    printf '%s\n' "$err" > "$base.stderr"
  else
    if [ "$rc" != 0 ]; then echo "UNEXPECTED FAILURE: $f" >&2; echo "$err" | head -5 >&2; bad=1; continue; fi
    printf '%s' "$out" > "$base.exp"
  fi
done
exit $bad
