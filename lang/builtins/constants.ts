// Constant builtins: currentSystem, storeDir, langVersion, nixVersion, nixPath, currentTime.
import { constant } from "./registry.js";
import { st } from "../state.js";
import { Attrs, type Lazy } from "../values.js";

constant("currentSystem", () => process.env.TK_SYSTEM || "x86_64-linux");
constant("storeDir", () => st().store.storeDir);
constant("langVersion", () => 6);
constant("nixVersion", () => "2.8.0");
constant("currentTime", () => Math.floor(Date.now() / 1000));
constant("nixPath", () =>
  st().nixPath.map((e) => new Attrs(new Map<string, Lazy>([["path", e.path], ["prefix", e.prefix]]))),
);
