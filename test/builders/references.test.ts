// Reference constraints: allowedReferences, disallowedReferences, allowedRequisites and
// disallowedRequisites (store paths or output names), checked before anything is registered; with
// structured attrs, outputChecks.<output> with maxSize and maxClosureSize too (behaviour checked by
// hand against Nix 2.8: self references count as requisites there, a lone string is a list of one).
import { describe, expect, it } from "vitest";
import type { LocalStore } from "../../store/local-store.js";
import { hasOutputChecks } from "../../builders/output-checks.js";
import { addDrv, build, outRef, testStore } from "./helpers.js";


/** dep0 ← dep1 (refers to dep0); `top` writes dep1's path into its output. */
async function chain(): Promise<{ s: LocalStore; dep0: string; dep1: string; top: (env: Record<string, string>) => string }> {
  const t = testStore();
  const s = t.store;
  const d0 = addDrv(s, { name: "dep0", script: "echo zero > $out" });
  const d1 = addDrv(s, { name: "dep1", script: `echo ${outRef(s, d0)} > $out`, inputs: [{ drvPath: d0 }] });
  await build(s, [d1]);
  const dep0 = outRef(s, d0);
  const dep1 = outRef(s, d1);
  let n = 0;
  const top = (env: Record<string, string>) =>
    addDrv(s, { name: `top${n++}`, script: `echo ${dep1} > $out; echo $out >> $out`, inputs: [{ drvPath: d1 }], env });
  return { s, dep0, dep1, top };
}

/** The whole message of a refused output, as Nix 2.8 words it. */
function refused(out: string, paths: string[]): RegExp {
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${esc(`output '${out}' is not allowed to refer to the following paths:` + paths.map((p) => "\n  " + p).join(""))}$`);
}

describe("reference constraints", () => {
  it("allowedReferences: listed paths and output names pass, others fail and nothing is valid", async () => {
    const { s, dep1, top } = await chain();
    await build(s, [top({ allowedReferences: `${dep1} out` })]);
    const bad = top({ allowedReferences: "out" });
    // Nix 2.8 (nix-build in a throwaway store): "output '<out>' is not allowed to refer to the
    // following paths:\n  <path>", whichever of the four attributes it was.
    await expect(build(s, [bad])).rejects.toThrow(refused(outRef(s, bad), [dep1]));
    expect(s.isValidPath(outRef(s, bad))).toBe(false);
  });

  it("disallowedReferences", async () => {
    const { s, dep0, dep1, top } = await chain();
    await build(s, [top({ disallowedReferences: dep0 })]);
    const bad = top({ disallowedReferences: dep1 });
    await expect(build(s, [bad])).rejects.toThrow(refused(outRef(s, bad), [dep1]));
  });

  it("allowedRequisites and disallowedRequisites look at the whole closure", async () => {
    const { s, dep0, dep1, top } = await chain();
    await build(s, [top({ allowedRequisites: `${dep1} ${dep0}` })]);
    const allowed = top({ allowedRequisites: dep1 });
    await expect(build(s, [allowed])).rejects.toThrow(refused(outRef(s, allowed), [dep0]));
    const disallowed = top({ disallowedRequisites: dep0 });
    await expect(build(s, [disallowed])).rejects.toThrow(refused(outRef(s, disallowed), [dep0]));
  });

  it("hasOutputChecks: legacy attributes or structured attrs mean references are scanned before registering", async () => {
    const { s } = await chain();
    const drv = (env: Record<string, string>) => s.readDerivation(addDrv(s, { name: `h${Object.keys(env).join("")}`, script: "x", env }));
    expect(hasOutputChecks(drv({}))).toBe(false);
    expect(hasOutputChecks(drv({ disallowedRequisites: "" }))).toBe(true);
    expect(hasOutputChecks(drv({ __json: "{}" }))).toBe(true);
  });

  it("an unknown specifier is an error", async () => {
    const { s, top } = await chain();
    await expect(build(s, [top({ allowedReferences: "nonsense" })])).rejects.toThrow(/illegal reference specifier 'nonsense'/);
  });

  it("outputs only reference their input closure and their own outputs", async () => {
    const t = testStore();
    const s = t.store;
    const stranger = addDrv(s, { name: "stranger", script: "echo s > $out" });
    await build(s, [stranger]);
    // Mentions a valid path it did not declare as an input: not a reference.
    const d = addDrv(s, { name: "sneaky", script: `echo ${outRef(s, stranger)} > $out` });
    const { result } = await build(s, [d]);
    expect(s.queryPathInfo(result.outputs[0]!.outputs.out!)!.references).toEqual([]);
  });
});

describe("structured attrs outputChecks", () => {
  type Deps = { dep0: string; dep1: string };
  /** A structured-attrs derivation with input dep1 (which refers to dep0), its outputChecks made from
   *  the deps, whose output file holds `text(deps)` with `@OUT@` replaced by its own path. */
  async function structured(checks: (d: Deps) => Record<string, unknown>, text: (d: Deps) => string) {
    const { s, dep0, dep1 } = await chain();
    const deps = { dep0, dep1 };
    const attrs = { builder: "/bin/sh", name: "checked", system: "x86_64-linux", outputChecks: checks(deps), text: text(deps) };
    const script = `/usr/bin/python3 -c 'import json,os; a=json.load(open(os.environ["NIX_ATTRS_JSON_FILE"])); o=a["outputs"]["out"]; open(o,"w").write(a["text"].replace("@OUT@", o))'`;
    const d = addDrv(s, { name: "checked", env: { __json: JSON.stringify(attrs) }, script, inputs: [{ drvPath: s.queryValidDerivers(dep1)[0]! }] });
    return { s, ...deps, run: () => build(s, [d]) };
  }
  /** NAR size of a regular, non-executable file of `n` bytes. */
  const narOfFile = (n: number): number => 112 + Math.ceil(n / 8) * 8;

  it("applies the reference checks of outputChecks.<output> (and not those of other outputs)", async () => {
    await (await structured(() => ({ out: { allowedReferences: [] } }), () => "no references")).run();
    await (await structured(() => ({ out: { allowedReferences: ["out"] } }), () => "@OUT@")).run();
    const t = await structured(() => ({ out: { allowedReferences: ["out"] } }), (d) => `@OUT@ and ${d.dep1}`);
    await expect(t.run()).rejects.toThrow(new RegExp(`is not allowed to refer to the following paths:\\n  ${t.dep1}$`));
    const req = await structured((d) => ({ out: { disallowedRequisites: [d.dep0] } }), (d) => d.dep1);
    await expect(req.run()).rejects.toThrow(new RegExp(`is not allowed to refer to the following paths:\\n  ${req.dep0}$`));
    await (await structured((d) => ({ dev: { disallowedRequisites: [d.dep0] } }), (d) => d.dep1)).run();
    await (await structured((d) => ({ out: { disallowedReferences: [d.dep0] } }), (d) => d.dep1)).run();
  });

  it("requisites include the output itself with structured attrs (Nix does not ignore self references there)", async () => {
    await expect((await structured(() => ({ out: { allowedRequisites: [] } }), () => "plain")).run())
      .rejects.toThrow(/^output '(.*-checked)' is not allowed to refer to the following paths:\n  \1$/);
    await (await structured(() => ({ out: { allowedRequisites: ["out"] } }), () => "plain")).run();
  });

  it("maxSize and maxClosureSize limit the NAR sizes of the output and of its closure", async () => {
    const text = "y".repeat(1000);
    const own = narOfFile(1000);
    const plain = await structured(() => ({}), () => text);
    const r = await plain.run();
    expect(plain.s.queryPathInfo(r.result.outputs[0]!.outputs.out!)!.narSize).toBe(own);
    await (await structured(() => ({ out: { maxSize: own } }), () => text)).run();
    await expect((await structured(() => ({ out: { maxSize: own - 1 } }), () => text)).run())
      .rejects.toThrow(new RegExp(`^path '.*-checked' is too large at ${own} bytes; limit is ${own - 1} bytes$`));
    const sizes = (t: { s: LocalStore; dep0: string; dep1: string }) =>
      narOfFile(1000 + t.dep1.length) + t.s.queryPathInfo(t.dep1)!.narSize + t.s.queryPathInfo(t.dep0)!.narSize;
    const fits = await structured(() => ({ out: { maxClosureSize: 1e9 } }), (d) => text + d.dep1);
    await fits.run();
    const big = await structured(() => ({ out: { maxClosureSize: 500 } }), (d) => text + d.dep1);
    await expect(big.run()).rejects.toThrow(new RegExp(`^closure of path '.*-checked' is too large at ${sizes(big)} bytes; limit is 500 bytes$`));
  });

  it("a check of the wrong type is a clear error; a lone string is a list of one (as in Nix 2.8)", async () => {
    await (await structured(() => ({ out: { allowedReferences: "out" } }), () => "@OUT@")).run();
    await expect((await structured(() => ({ out: { allowedReferences: "out" } }), (d) => d.dep1)).run()).rejects.toThrow(/is not allowed to refer to the following paths:\n  .*-dep1$/);
    await expect((await structured(() => ({ out: { allowedReferences: [1] } }), () => "x")).run())
      .rejects.toThrow(/attribute 'allowedReferences' of derivation '.*-checked\.drv' must be a list of strings/);
    await expect((await structured(() => ({ out: { maxSize: "big" } }), () => "x")).run())
      .rejects.toThrow(/attribute 'maxSize' of derivation '.*-checked\.drv' must be a non-negative integer/);
  });
});
