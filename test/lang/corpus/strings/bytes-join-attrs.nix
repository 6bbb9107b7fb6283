# attribute names built from rejoined halves of a split character are the character's name
let
  e = "é";
  j = builtins.substring 0 1 e + builtins.substring 1 1 e;
in {
  has = { ${e} = 1; } ? ${j};
  get = { ${j} = 5; }.${e};
  merged = builtins.attrNames ({ ${j} = 1; } // { ${e} = 2; });
  listToAttrs = builtins.listToAttrs [ { name = j; value = 1; } { name = e; value = 2; } ];
}
