// Constant builtins: currentSystem, storeDir, langVersion, nixVersion, nixPath, currentTime.
import { constant } from "./registry.js";
import { st } from "../state.js";
import { Attrs, type Lazy } from "../values.js";

const ARCH: Record<string, string> = { x64: "x86_64", arm64: "aarch64", ia32: "i686", riscv64: "riscv64" };
constant("currentSystem", () => process.env.TK_SYSTEM || `${ARCH[process.arch] ?? process.arch}-${process.platform}`);
constant("storeDir", () => st().store.storeDir);
constant("langVersion", () => 6);
constant("nixVersion", () => "2.8.0");
constant("currentTime", () => Math.floor(Date.now() / 1000));
constant("nixPath", () =>
  st().nixPath.map((e) => Attrs.fromEntries([["path", e.path], ["prefix", e.prefix]])),
);
