[ (builtins.typeOf derivation) (builtins.typeOf builtins.derivationStrict) ]
