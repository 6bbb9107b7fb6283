// `tk relink`: patchelf's job done by tk — print or set the interpreter, SONAME, RPATH/RUNPATH and
// DT_NEEDED entries (several edits in one call), rewrite store paths with --replace-path, and check
// the result against the real libraries with --check-against.
import type { Command } from "commander";
import { action, collect, type Verb } from "./verb.js";
import { parseElf } from "../builders/elf/elf-file.js";
import { relinkImage } from "../builders/elf/relink.js";
import { FileImage } from "../builders/elf/file-image.js";
import { writeImage } from "../builders/elf/relink-file.js";
import type { RelinkOps } from "../builders/elf/relink-ops.js";
import { checkAgainst } from "../builders/elf/check-against.js";
import { loadInterface } from "../builders/elf/load-interface.js";
import { UsageError } from "../store/errors.js";

interface RelinkFlags {
  printInterpreter?: boolean; setInterpreter?: string; printSoname?: boolean; setSoname?: string;
  printRpath?: boolean; setRpath?: string; addRpath?: string; removeRpath?: boolean; shrinkRpath?: boolean;
  allowedRpathPrefixes?: string; forceRpath?: boolean; printNeeded?: boolean; addNeeded: string[];
  removeNeeded: string[]; replaceNeeded: string[]; replacePath: string[]; clearSymbolVersion: string[]; checkAgainst?: string[];
  output?: string;
}

/** Splits `OLD=NEW`. */
function pair(v: string, flag: string): { from: string; to: string } {
  const eq = v.indexOf("=");
  if (eq <= 0) throw new UsageError(`${flag} takes OLD=NEW`);
  return { from: v.slice(0, eq), to: v.slice(eq + 1) };
}

/** The edits requested by the flags. */
function opsOf(fl: RelinkFlags): RelinkOps {
  return {
    setInterpreter: fl.setInterpreter, setSoname: fl.setSoname, setRpath: fl.setRpath, addRpath: fl.addRpath,
    removeRpath: fl.removeRpath, shrinkRpath: fl.shrinkRpath, forceRpath: fl.forceRpath,
    allowedRpathPrefixes: fl.allowedRpathPrefixes?.split(":").filter((p) => p !== ""),
    addNeeded: fl.addNeeded, removeNeeded: fl.removeNeeded,
    replaceNeeded: fl.replaceNeeded.map((v) => pair(v, "--replace-needed")),
    replacePath: fl.replacePath.map((v) => pair(v, "--replace-path")),
    clearSymbolVersion: fl.clearSymbolVersion,
  };
}

function hasEdits(o: RelinkOps): boolean {
  return o.setInterpreter !== undefined || o.setSoname !== undefined || o.setRpath !== undefined || o.addRpath !== undefined
    || !!o.removeRpath || !!o.shrinkRpath || !!o.forceRpath || !!o.addNeeded?.length || !!o.removeNeeded?.length
    || !!o.replaceNeeded?.length || !!o.replacePath?.length || !!o.clearSymbolVersion?.length;
}

/** `tk relink FILE... [edits] [--output OUT] [--check-against LIB...]`. */
export const command: Verb = {
  name: "relink",
  summary: "print or edit an ELF file's interpreter, soname, rpath and needed libraries (like patchelf)",
  register(program: Command) {
    program
      .command("relink")
      .description("edit ELF dynamic fields in place (or into --output); prints come first, edits are applied together")
      .argument("<files...>", "ELF executables or shared libraries")
      .option("--print-interpreter", "print PT_INTERP")
      .option("--set-interpreter <path>", "set PT_INTERP")
      .option("--print-soname", "print DT_SONAME")
      .option("--set-soname <name>", "set DT_SONAME")
      .option("--print-rpath", "print DT_RUNPATH (or DT_RPATH)")
      .option("--set-rpath <path>", "set the run path (DT_RUNPATH unless --force-rpath)")
      .option("--add-rpath <path>", "append to the run path")
      .option("--remove-rpath", "remove DT_RPATH and DT_RUNPATH")
      .option("--shrink-rpath", "keep only run-path entries that hold a needed library")
      .option("--allowed-rpath-prefixes <prefixes>", "with --shrink-rpath: keep only entries under these colon-separated prefixes")
      .option("--force-rpath", "write DT_RPATH instead of DT_RUNPATH")
      .option("--print-needed", "print DT_NEEDED entries")
      .option("--add-needed <lib>", "add a DT_NEEDED entry (repeatable)", collect, [])
      .option("--remove-needed <lib>", "remove a DT_NEEDED entry and its version requirements (repeatable)", collect, [])
      .option("--replace-needed <old=new>", "replace a DT_NEEDED entry: OLD=NEW, or OLD NEW as in patchelf (repeatable)", collect, [])
      .option("--replace-path <old=new>", "rewrite a path prefix in RUNPATH/RPATH, NEEDED and the interpreter (repeatable)", collect, [])
      .option("--clear-symbol-version <symbol>", "make a dynamic symbol unversioned (versym VER_NDX_GLOBAL), as patchelf (repeatable)", collect, [])
      .option("--check-against <libs...>", "verify every imported symbol and version against these libraries (.so or .ifs)")
      .option("--output <file>", "write the result here instead of editing in place (one input only)")
      .action(
        action((files: string[], fl: RelinkFlags) => runRelink(files, fl)),
      );
  },
};

/** The verb's work, exported for tests: prints, edits, writes, checks; returns the exit status. */
export function runRelink(files: string[], fl: Partial<RelinkFlags>): number {
  const fl2: RelinkFlags = { addNeeded: [], removeNeeded: [], replaceNeeded: [], replacePath: [], clearSymbolVersion: [], ...fl };
  // patchelf's two-word form `--replace-needed OLD NEW`: commander leaves each NEW at the front of
  // the file list, in order; `--replace-needed OLD=NEW` needs nothing of the kind
  files = [...files];
  fl2.replaceNeeded = fl2.replaceNeeded.map((v) => {
    if (v.includes("=")) return v;
    if (files.length < 2) throw new UsageError("--replace-needed takes OLD NEW (or OLD=NEW)");
    return `${v}=${files.shift()}`;
  });
  const ops = opsOf(fl2);
  if (fl.output && files.length !== 1) throw new UsageError("tk relink: --output takes exactly one input file");
  let status = 0;
  for (const file of files) {
    // the file is read only where its tables are, and only changed bytes are written back
    const img = new FileImage(file);
    try {
      const before = parseElf(img.buf, file, { symbolNames: false, load: img.loader });
      const lines: string[] = [];
      if (fl.printInterpreter) lines.push(before.interp ?? "");
      if (fl.printSoname) lines.push(before.soname ?? "");
      if (fl.printRpath) lines.push(before.runpath ?? before.rpath ?? "");
      if (fl.printNeeded) lines.push(...before.needed);
      if (lines.length) process.stdout.write(lines.map((l) => l + "\n").join(""));
      if (hasEdits(ops)) relinkImage(img, ops, file, before);
      const dest = fl.output ?? file;
      if (hasEdits(ops) || fl.output) writeImage(img, dest);
      if (fl.checkAgainst) {
        const after = parseElf(img.buf, dest, { load: img.loader });
        const problems = checkAgainst(after, fl.checkAgainst.map((p) => ({ name: p, iface: loadInterface(p) })));
        for (const p of problems) process.stderr.write(`${dest}: ${p}\n`);
        if (problems.length) status = 1;
      }
    } finally {
      img.close();
    }
  }
  return status;
}
