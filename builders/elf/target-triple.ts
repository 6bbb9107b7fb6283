// Target triples of stubs: normalised to a base triple (arch-os-env, vendor dropped), and derived
// from an ELF machine when no target is given.
import { ElfError } from "./errors.js";

const VENDORS = new Set(["pc", "unknown", "none", "redhat", "suse", "alpine", "nixos", "w64", "apple"]);

/** `x86_64-pc-linux-gnu`, `x86_64-unknown-linux-gnu` and `x86_64-linux-gnu` all become `x86_64-linux-gnu`. */
export function normalizeTriple(triple: string): string {
  const parts = triple.trim().split("-").filter((p) => p !== "");
  if (parts.length < 2) throw new ElfError("elf-bad-target", `target ${JSON.stringify(triple)} is not a triple`);
  if (parts.length >= 4 || (parts.length === 3 && VENDORS.has(parts[1]))) parts.splice(1, 1);
  const arch = parts[0] === "amd64" ? "x86_64" : parts[0] === "arm64" ? "aarch64" : /^i[3-6]86$/.test(parts[0]) ? "i686" : parts[0];
  return [arch, ...parts.slice(1)].join("-");
}

const ARCH_OF: Record<number, string> = { 3: "i686", 62: "x86_64", 183: "aarch64", 40: "arm", 243: "riscv64", 21: "powerpc64", 20: "powerpc", 22: "s390x" };

/** The architecture part of a base triple for an ELF machine (undefined when unknown). */
export function archOfMachine(machine: number, is64: boolean): string | undefined {
  if (machine === 243 && !is64) return "riscv32";
  return ARCH_OF[machine];
}
