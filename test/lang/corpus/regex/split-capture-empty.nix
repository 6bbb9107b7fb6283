builtins.split "(,)?" "a,b"
