# Derivations whose builders dump their environment and build-dir files: recorded with Nix 2.8 by
# record-env-goldens.sh, compared with builders/build-env.ts by build-env.test.ts.
let
  dump = "/usr/bin/env -0 > $out/env; for f in .attr-* .attrs.sh .attrs.json; do [ -e \"$f\" ] && /bin/cp \"$f\" \"$out/file$f\"; done; true";
in {
  plain = derivation {
    name = "env-plain"; system = "x86_64-linux"; builder = "/bin/sh";
    args = [ "-c" "/bin/mkdir $out; ${dump}" "${builtins.placeholder "out"}/arg" ];
    text = "some text for ${builtins.placeholder "out"}";
    other = "x";
    passAsFile = [ "text" "other" ];
    HOME = "/overridden";
    TMPDIR = "/not-kept";
    number = 42; flag = true; off = false; list = [ "a" "b" 3 ];
    selfRef = "${builtins.placeholder "out"}/self";
  };
  multi = derivation {
    name = "env-multi"; system = "x86_64-linux"; builder = "/bin/sh";
    outputs = [ "out" "dev" ];
    args = [ "-c" "/bin/mkdir $out $dev; ${dump}" ];
  };
  structured = derivation {
    name = "env-structured"; system = "x86_64-linux"; builder = "/bin/sh";
    __structuredAttrs = true;
    outputs = [ "out" "lib" ];
    args = [ "-c" "out=$(/usr/bin/python3 -c 'import json,os; o=json.load(open(\".attrs.json\"))[\"outputs\"]; [os.mkdir(p) for p in o.values()]; print(o[\"out\"])'); ${dump}" ];
    str = "it's \"quoted\"\n"; int = 7; float = 1.5; bool = true; no = false; nul = null;
    strs = [ "a" "b c" ]; mixed = [ "a" { x = 1; } ]; obj = { k = "v"; n = 2; };
    "bad-name" = "skipped in .attrs.sh";
    refOut = builtins.placeholder "out";
  };
}
