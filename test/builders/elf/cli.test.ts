// The ELF verbs through tk's real command line (cli/main.ts, in-process): registered, options
// parsed, files written, exit statuses.
import { describe, it, expect } from "vitest";
import { readFileSync, copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseElf } from "../../../builders/elf/elf-file.js";
import { TkError } from "../../../store/errors.js";
import { SYSLIB, tmp, has, sh } from "./helpers.js";

/** Runs `tk ARGS` in-process through the registered verbs (commander), capturing stdout;
 *  exit status as cli/main.ts maps it (usage 2, TkError 1). */
async function tk(args: string[]): Promise<{ code: number; out: string }> {
  const { Command, CommanderError } = await import("commander");
  const { loadVerbs } = await import("../../../cli/verbs.js");
  const verbs = await loadVerbs(args[0]);
  const { exitState } = await import("../../../cli/verb.js");
  const program = new Command("tk").exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const v of verbs) v.register(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  (process.stdout as { write: unknown }).write = (s: string | Uint8Array): boolean => { chunks.push(String(s)); return true; };
  try {
    exitState.code = 0;
    await program.parseAsync(args, { from: "user" });
    return { code: exitState.code, out: chunks.join("") };
  } catch (e) {
    if (e instanceof CommanderError) return { code: 2, out: chunks.join("") };
    if (e instanceof TkError) return { code: e.code === "usage" ? 2 : 1, out: chunks.join("") };
    throw e;
  } finally { (process.stdout as { write: unknown }).write = orig; }
}

describe("tk ifs / relink / abi-diff on the command line", () => {
  it("tk ifs writes IFS text and a stub; tk abi-diff compares them", async () => {
    const dir = tmp();
    const r = await tk(["ifs", join(SYSLIB, "libz.so.1"), "--output-ifs", join(dir, "z.ifs"), "--output-elf", join(dir, "z.so"), "--exclude", "gz*"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "z.ifs"), "utf8")).toMatch(/^--- !ifs-v1\nIfsVersion:      3.0\nSoName:          libz.so.1\n/);
    expect(readFileSync(join(dir, "z.ifs"), "utf8")).not.toContain("gzopen");
    expect(parseElf(readFileSync(join(dir, "z.so"))).soname).toBe("libz.so.1");
    const again = await tk(["ifs", join(dir, "z.ifs"), "--output-elf", join(dir, "z2.so")]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, "z2.so")).equals(readFileSync(join(dir, "z.so")))).toBe(true);
    const d = await tk(["abi-diff", join(SYSLIB, "libz.so.1"), join(dir, "z.ifs")]);
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/^breaking: \d+ breaking/);
    expect(d.out).toContain("gzopen (Func) removed");
    expect(d.out).toContain("gzopen64@@ZLIB_1.2.3.3 (Func) removed");
    expect((await tk(["ifs", join(SYSLIB, "libz.so.1")])).code).toBe(2);
  });

  it.skipIf(!has("gcc"))("tk relink edits, prints, and reports bad ELF input as an error", async () => {
    const dir = tmp();
    sh(`printf 'int main(void){return 0;}' > ${dir}/m.c && gcc -o ${dir}/m ${dir}/m.c`);
    const r = await tk(["relink", "--set-rpath", "/opt/a:/opt/b", "--add-needed", "libz.so.1", "--force-rpath", join(dir, "m")]);
    expect(r.code).toBe(0);
    const f = parseElf(readFileSync(join(dir, "m")));
    expect(f.rpath).toBe("/opt/a:/opt/b");
    expect(f.needed).toEqual(["libz.so.1", "libc.so.6"]);
    expect(sh(`${dir}/m && echo ran`)).toBe("ran\n");
    expect((await tk(["relink", "--print-rpath", "--print-needed", join(dir, "m")])).out).toBe("/opt/a:/opt/b\nlibz.so.1\nlibc.so.6\n");
    // patchelf's two-word --replace-needed and tk's OLD=NEW, together
    expect((await tk(["relink", "--replace-needed", "libz.so.1", "libm.so.6", "--replace-needed", "libc.so.6=libc.so.6", join(dir, "m")])).code).toBe(0);
    expect(parseElf(readFileSync(join(dir, "m"))).needed).toEqual(["libm.so.6", "libc.so.6"]);
    copyFileSync(join(SYSLIB, "libz.so.1"), join(dir, "z.so"));
    const bad = readFileSync(join(dir, "z.so")).subarray(0, 200);
    writeFileSync(join(dir, "bad.so"), bad);
    expect((await tk(["relink", "--set-soname", "x", join(dir, "bad.so")])).code).toBe(1);
  });
});
