# 120+ derivations of every kind, instantiated by tk and by Nix 2.8 and compared byte for byte
# (test/store/instantiate-goldens.test.ts). Deterministic: no currentSystem, no environment.
let
  system = "x86_64-linux";
  gen = prefix: n: f: builtins.listToAttrs (builtins.genList (i: { name = "${prefix}${toString i}"; value = f i; }) n);
  mk = attrs: derivation ({ inherit system; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; } // attrs);
  strings = [ "plain" "uni: héllo wörld ✓ 日本" "quote \" and back\\slash" "new\nline\ttab\rcr" "dollar $out \${x}" "" " spaces  " "\\\\ double" "nul-free \u{7f} del" "mixed \"q\" \n \\ $" ];
  hashes = {
    md5 = "d41d8cd98f00b204e9800998ecf8427e";
    sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
  };
  base = mk { name = "base"; };
  multi = mk { name = "multi"; outputs = [ "out" "dev" "lib" ]; };
  ca = mk { name = "ca"; __contentAddressed = true; outputHashMode = "recursive"; outputHashAlgo = "sha256"; };
  fod = mk { name = "fod"; outputHashMode = "flat"; outputHashAlgo = "sha256"; outputHash = hashes.sha256; };
in
  # input-addressed, env values with every escaping corner
  gen "env" (builtins.length strings) (i: mk { name = "env-${toString i}"; value = builtins.elemAt strings i; "k\"${toString i}" = "x"; })
  # argument lists and coercions
  // gen "args" 10 (i: mk { name = "args-${toString i}"; args = [ "-c" (builtins.elemAt strings i) (toString i) ]; list = [ i "two" [ 3 ] null true false ]; float = 1.5 * i; bool = (i / 2) * 2 == i; nul = null; })
  // gen "multi" 10 (i: mk { name = "multi-${toString i}"; outputs = builtins.genList (j: "o${toString j}") (i + 1); })
  # fixed outputs: every algo, flat and recursive, every encoding
  // gen "fodflat" 8 (i: let algo = builtins.elemAt [ "md5" "sha1" "sha256" "sha512" ] (builtins.div i 2); in
       mk { name = "fod-flat-${toString i}"; outputHashMode = "flat"; outputHashAlgo = algo; outputHash = hashes.${algo}; url = "u${toString i}"; })
  // gen "fodrec" 8 (i: let algo = builtins.elemAt [ "md5" "sha1" "sha256" "sha512" ] (builtins.div i 2); in
       mk { name = "fod-rec-${toString i}"; outputHashMode = "recursive"; outputHashAlgo = algo; outputHash = hashes.${algo}; })
  // gen "fodsri" 4 (i: mk { name = "fod-sri-${toString i}"; outputHash = builtins.elemAt [ "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" "sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73" "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=" "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" ] i; outputHashAlgo = if i == 3 then "sha256" else null; })
  # floating CA, and deferred derivations depending on them
  // gen "ca" 10 (i: mk { name = "ca-${toString i}"; __contentAddressed = true; outputHashMode = "recursive"; outputHashAlgo = "sha256"; dep = if i == 0 then base else ca; n = i; })
  // gen "deferred" 10 (i: mk { name = "deferred-${toString i}"; dep = ca; other = if i > 4 then fod else base; n = i; })
  # chains mixing kinds and outputs of multi-output derivations
  // gen "chain" 10 (i: mk { name = "chain-${toString i}"; a = multi.dev; b = multi.lib; c = fod; d = base; n = i; })
  # path and toFile inputs
  // gen "src" 10 (i: mk { name = "src-${toString i}"; src = ./input.c; file = builtins.toFile "f${toString i}.txt" "contents ${toString i}"; script = "${./input.c} ${toString i}"; })
  # passAsFile, structured attrs, __ignoreNulls
  // gen "pass" 8 (i: mk { name = "pass-${toString i}"; passAsFile = [ "big" ]; big = builtins.concatStringsSep "\n" (builtins.genList toString (i * 10)); })
  // gen "structured" 8 (i: mk { name = "structured-${toString i}"; __structuredAttrs = true; nested = { a = i; b = [ 1.5 "x" null ]; c = { d = true; }; }; dep = base; outputs = [ "out" "doc" ]; })
  // gen "ignorenulls" 6 (i: mk { name = "ignorenulls-${toString i}"; __ignoreNulls = i > 2; gone = null; kept = "k"; })
  // gen "placeholder" 8 (i: mk { name = "placeholder-${toString i}"; outputs = [ "out" "bin" ]; ref = builtins.placeholder "bin"; n = i; })
