(derivation { name = "fo1"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashAlgo = "sha1"; outputHash = "1hhcwa0nn8xx5a0dajh3w8b8c3c4n0kc"; }).outPath
