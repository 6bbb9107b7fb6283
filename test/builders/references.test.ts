// Reference constraints: allowedReferences, disallowedReferences, allowedRequisites and
// disallowedRequisites (store paths or output names), checked before anything is registered.
import { afterEach, describe, expect, it } from "vitest";
import type { LocalStore } from "../../store/local-store.js";
import { addDrv, build, outRef, tempStore } from "./helpers.js";

const cleanups: Array<() => void> = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

/** dep0 ← dep1 (refers to dep0); `top` writes dep1's path into its output. */
async function chain(): Promise<{ s: LocalStore; dep0: string; dep1: string; top: (env: Record<string, string>) => string }> {
  const t = tempStore();
  cleanups.push(t.cleanup);
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

describe("reference constraints", () => {
  it("allowedReferences: listed paths and output names pass, others fail and nothing is valid", async () => {
    const { s, dep1, top } = await chain();
    await build(s, [top({ allowedReferences: `${dep1} out` })]);
    const bad = top({ allowedReferences: "out" });
    await expect(build(s, [bad])).rejects.toThrow(new RegExp(`is not allowed to refer to the following paths \\(allowedReferences\\):\\n  ${dep1}`));
    expect(s.isValidPath(outRef(s, bad))).toBe(false);
  });

  it("disallowedReferences", async () => {
    const { s, dep0, dep1, top } = await chain();
    await build(s, [top({ disallowedReferences: dep0 })]);
    await expect(build(s, [top({ disallowedReferences: dep1 })])).rejects.toThrow(/disallowedReferences/);
  });

  it("allowedRequisites and disallowedRequisites look at the whole closure", async () => {
    const { s, dep0, dep1, top } = await chain();
    await build(s, [top({ allowedRequisites: `${dep1} ${dep0}` })]);
    await expect(build(s, [top({ allowedRequisites: dep1 })])).rejects.toThrow(new RegExp(`allowedRequisites\\):\\n  ${dep0}`));
    await expect(build(s, [top({ disallowedRequisites: dep0 })])).rejects.toThrow(/disallowedRequisites/);
  });

  it("an unknown specifier is an error", async () => {
    const { s, top } = await chain();
    await expect(build(s, [top({ allowedReferences: "nonsense" })])).rejects.toThrow(/illegal reference specifier 'nonsense'/);
  });

  it("outputs only reference their input closure and their own outputs", async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const s = t.store;
    const stranger = addDrv(s, { name: "stranger", script: "echo s > $out" });
    await build(s, [stranger]);
    // Mentions a valid path it did not declare as an input: not a reference.
    const d = addDrv(s, { name: "sneaky", script: `echo ${outRef(s, stranger)} > $out` });
    const { result } = await build(s, [d]);
    expect(s.queryPathInfo(result.outputs[0]!.outputs.out!)!.references).toEqual([]);
  });
});
