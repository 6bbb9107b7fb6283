# Builder of hello.tk: compiles $src with the host C compiler into $out/bin/hello.
mkdir -p "$out/bin"
cc -O2 -o "$out/bin/hello" "$src"
