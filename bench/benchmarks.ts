// The list of side-by-side benchmarks `npm run bench` knows. Adding one: one import, one entry.
import type { Benchmark } from "./harness.js";
import { evalSmall } from "./eval-small.js";
import { evalFib, evalFold } from "./eval-fib.js";
import { evalAttrsBig, evalAttrsUpdate } from "./eval-attrs.js";
import { evalDrvs, instantiateDrvs } from "./eval-drvs.js";
import { parseCold, parseWarm } from "./parse-large.js";
import { hashPath } from "./hash-path.js";
import { hashPathSmall, narDump } from "./store.js";
import { hashPath1g, narDump1g, narDump1gPipe, storeAdd, storeAdd1g } from "./store-big.js";
import { ifsLibz, ifsLibstdcxx, relinkNode } from "./elf.js";
import { realiseChain, realiseFan, realiseSandboxChain, realiseSandboxFan } from "./realise.js";
import { evalDeep, startupEval, startupSnapshot, startupVersion } from "./startup.js";

/** Every benchmark, in the order they run. */
export const benchmarks: Benchmark[] = [
  startupEval, startupVersion, startupSnapshot, evalDeep,
  evalSmall, evalFib, evalFold, evalAttrsUpdate, evalAttrsBig, evalDrvs, instantiateDrvs,
  parseCold, parseWarm,
  hashPath, narDump, hashPathSmall, storeAdd, hashPath1g, narDump1g, narDump1gPipe, storeAdd1g,
  ifsLibz, ifsLibstdcxx, relinkNode,
  realiseChain, realiseFan, realiseSandboxChain, realiseSandboxFan,
];
