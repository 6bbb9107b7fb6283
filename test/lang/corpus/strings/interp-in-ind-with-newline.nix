let nl = "\n"; in ''a${nl}  b''
