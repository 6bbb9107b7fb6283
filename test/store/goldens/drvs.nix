let
  sys = "x86_64-linux";
  simple = derivation { name = "simple"; system = sys; builder = "/bin/sh"; args = ["-c" "echo hi > $out"]; };
  esc = derivation { name = "esc"; system = sys; builder = "/bin/sh"; args = ["-c" "a\"b\\c\nd\te\rf $x ü \u{1}"]; "we\"ird" = "v\\al\n"; };
  multi = derivation { name = "multi"; system = sys; builder = "/bin/sh"; outputs = ["out" "dev" "lib"]; args = ["-c" "x"]; dep = simple; };
  fodFlat = derivation { name = "fod"; system = sys; builder = "/bin/sh"; outputHash = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"; outputHashAlgo = "sha256"; };
  fodRec = derivation { name = "fodr"; system = sys; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha256-j0NDRmSPa5bfid2pAcUXaxCm2Dlh3Rw6yItZstwyeqQ="; };
  fodSha1 = derivation { name = "fods1"; system = sys; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha1:c22b5f9178342609428d6f51b2c5af4c0bde6a42"; };
  fodSha512 = derivation { name = "fods5"; system = sys; builder = "/bin/sh"; outputHash = builtins.hashString "sha512" "x"; outputHashAlgo = "sha512"; };
  fodMd5 = derivation { name = "fodm"; system = sys; builder = "/bin/sh"; outputHash = builtins.hashString "md5" "x"; outputHashAlgo = "md5"; };
  fodA = derivation { name = "same"; system = sys; builder = "/bin/sh"; url = "a"; outputHash = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"; outputHashAlgo = "sha256"; };
  fodB = derivation { name = "same"; system = sys; builder = "/bin/bash"; url = "b"; outputHash = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"; outputHashAlgo = "sha256"; };
  useFods = derivation { name = "usefods"; system = sys; builder = "/bin/sh"; a = fodA; b = fodB; c = fodFlat; d = "${fodRec}"; m = multi.dev; l = multi.lib; };
  file = builtins.toFile "hello.txt" "hello world";
  fileRef = builtins.toFile "ref.txt" "see ${file}";
  src = derivation { name = "withsrc"; system = sys; builder = "/bin/sh"; f = fileRef; p = ./drvs.nix; };
  ca = derivation { name = "ca"; system = sys; builder = "/bin/sh"; __contentAddressed = true; outputs = ["out" "dev"]; args = ["-c" "x"]; };
  caFlat = derivation { name = "caflat"; system = sys; builder = "/bin/sh"; __contentAddressed = true; outputHashMode = "flat"; outputHashAlgo = "sha512"; };
  deferred = derivation { name = "deferred"; system = sys; builder = "/bin/sh"; dep = ca; dev = ca.dev; };
  deferred2 = derivation { name = "deferred2"; system = sys; builder = "/bin/sh"; dep = deferred; s = simple; };
  impure = derivation { name = "impure"; system = sys; builder = "/bin/sh"; __impure = true; };
in { inherit simple esc multi fodFlat fodRec fodSha1 fodSha512 fodMd5 fodA fodB useFods src ca caFlat deferred deferred2 impure; }
