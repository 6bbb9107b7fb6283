map builtins.typeOf [ builtins builtins.true builtins.currentSystem builtins.nixPath builtins.storeDir ]
