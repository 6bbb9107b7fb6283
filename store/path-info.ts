// PathInfo: what the database records about a valid store path, and its Nix-compatible views.
import { formatHash, type Hash } from "./hash.js";
import { sortedUnique } from "./path.js";

/** Metadata of a valid store path. */
export interface PathInfo {
  path: string;
  narHash: Hash;
  narSize: number;
  references: string[];
  deriver?: string;
  registrationTime: number;
  ca?: string;
  sigs: string[];
  ultimate: boolean;
}

/** A realisation of a derivation output (spec §6.4); outPath and dependents are base names. */
export interface Realisation {
  id: string;
  outPath: string;
  signatures: string[];
  dependentRealisations: Record<string, string>;
}

/** The fingerprint signed for a path (spec §7.3): "1;path;narHash;narSize;refs". */
export function pathFingerprint(info: PathInfo): string {
  return `1;${info.path};${formatHash(info.narHash, "base32", true)};${info.narSize};${sortedUnique(info.references).join(",")}`;
}

/** The realisation JSON of Nix (keys sorted, compact). */
export function realisationToJSON(r: Realisation): string {
  const deps: Record<string, string> = {};
  for (const k of Object.keys(r.dependentRealisations).sort()) deps[k] = r.dependentRealisations[k];
  return JSON.stringify({ dependentRealisations: deps, id: r.id, outPath: r.outPath, signatures: [...r.signatures].sort() });
}
