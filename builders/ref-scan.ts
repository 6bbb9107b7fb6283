// Reference scanning of a built output over its NAR serialisation (spec §8.1), with the store's
// ReferenceScanner: which candidate store paths' hash parts occur in it. Run before registration so
// that reference constraints can reject an output before anything is valid.
import { dumpPath } from "../store/nar.js";
import { storePathHashPart } from "../store/path.js";
import { ReferenceScanner } from "../store/references.js";

/** The candidates (store paths) whose hash part occurs in NAR(physPath). */
export function scanReferences(physPath: string, candidates: Iterable<string>): Set<string> {
  const byHash = new Map<string, string>();
  for (const c of candidates) byHash.set(storePathHashPart(c), c);
  const scanner = new ReferenceScanner(byHash.keys());
  dumpPath(physPath, (chunk) => scanner.feed(chunk));
  const refs = new Set<string>();
  for (const h of scanner.found) refs.add(byHash.get(h)!);
  return refs;
}
