removeAttrs { } [ "a" ]
