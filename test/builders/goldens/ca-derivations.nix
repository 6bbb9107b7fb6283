let
  sh = "/bin/sh";
  ca = derivation {
    name = "ca-thing"; system = "x86_64-linux"; builder = sh;
    args = ["-c" "echo $out > $out; echo hello >> $out"];
    __contentAddressed = true; outputHashMode = "recursive"; outputHashAlgo = "sha256";
  };
  cadir = derivation {
    name = "ca-dir"; system = "x86_64-linux"; builder = sh;
    args = ["-c" "/bin/mkdir $out; echo $out > $out/self; echo data > $out/data; /bin/ln -s $out/data $out/link"];
    __contentAddressed = true;
  };
  dep = derivation {
    name = "ca-dep"; system = "x86_64-linux"; builder = sh;
    args = ["-c" "echo ${ca} > $out"];
  };
  cadep = derivation {
    name = "ca-on-ca"; system = "x86_64-linux"; builder = sh;
    args = ["-c" "echo ${ca} ${cadir}/data > $out"];
    __contentAddressed = true;
  };
in { inherit ca cadir dep cadep; }
