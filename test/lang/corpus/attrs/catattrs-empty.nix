builtins.catAttrs "x" [ ]
