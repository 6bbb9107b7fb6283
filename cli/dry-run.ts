// What `tk realise --dry-run` prints (stderr): Nix 2.8's list of what would be built
// ("this derivation will be built:" / "these N derivations will be built:", then each .drv path,
// sorted, indented by two spaces), with the compile/relink split's steps marked " (stubs)",
// " (compile)" or " (relink)" after their path. Nothing is substituted yet, so there is no
// "will be fetched" part.
import type { BuildEvent } from "../builders/realise.js";

type Plan = Extract<BuildEvent, { type: "plan" }>;

/** The dry-run text for a plan: empty when nothing would be built. */
export function dryRunText(plan: Plan): string {
  const n = plan.toBuild.length;
  if (n === 0) return "";
  const head = n === 1 ? "this derivation will be built:" : `these ${n} derivations will be built:`;
  const lines = [...plan.toBuild].sort().map((p) => `  ${p}${plan.roles[p] ? ` (${plan.roles[p]})` : ""}`);
  return `${head}\n${lines.join("\n")}\n`;
}
