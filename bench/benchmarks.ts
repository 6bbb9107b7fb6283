// The list of side-by-side benchmarks `npm run bench` knows. Adding one: one import, one entry.
import type { Benchmark } from "./harness.js";
import { evalSmall } from "./eval-small.js";
import { hashPath } from "./hash-path.js";
import { hashPathSmall, narDump } from "./store.js";
import { ifsLibz, ifsLibstdcxx, relinkNode } from "./elf.js";

/** Every benchmark, in the order they run. */
export const benchmarks: Benchmark[] = [evalSmall, hashPath, narDump, hashPathSmall, ifsLibz, ifsLibstdcxx, relinkNode];
