builtins.storePath "/tk-corpus-no-such-dir/x"
