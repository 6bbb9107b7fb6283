// Benchmarks: attribute-set workloads, tk eval vs nix-instantiate --eval: `//` on a small set
// 100,000 times in a foldl', and listToAttrs / mapAttrs / `//` / removeAttrs / attrNames over sets
// of 100,000 attributes.
import { evalPair } from "./eval-pair.js";

/** foldl' over 100,000 elements, each step `acc // { kN = i; n = …; }` on a set of ~65 attributes. */
export const evalAttrsUpdate = evalPair("eval-attrs-update", "foldl' of 100,000 `//` updates of a 65-attribute set",
  `let
    step = acc: i: let n = acc.n + 1; in builtins.seq n (acc // { "k\${toString (i - i / 64 * 64)}" = i; inherit n; });
    s = builtins.foldl' step { n = 0; } (builtins.genList (i: i) 100000);
  in builtins.foldl' (a: k: a + s.\${k}) 0 (builtins.attrNames s)`);

/** Sets of 100,000 attributes built by listToAttrs, mapped twice, merged, filtered and read back. */
export const evalAttrsBig = evalPair("eval-attrs-big", "listToAttrs, mapAttrs, //, removeAttrs, attrNames on 100,000-attribute sets",
  `let
    xs = builtins.genList (i: i) 100000;
    big = builtins.listToAttrs (map (i: { name = "a\${toString i}"; value = i; }) xs);
    doubled = builtins.mapAttrs (k: v: v * 2) big;
    merged = big // builtins.mapAttrs (k: v: v + 1) doubled // { extra = 1; };
    small = builtins.removeAttrs merged (builtins.genList (i: "a\${toString (i * 2)}") 50000);
  in builtins.foldl' (a: k: a + merged.\${k} + (small.\${k} or 0)) 0 (builtins.attrNames merged)`);
