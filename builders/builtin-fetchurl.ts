// builtin:fetchurl as in Nix 2.8 (builtin-fetchurl.cc): a fixed-output download of env `url`
// (file://, http://, https://) to $out; with `unpack = "1"` the download is a NAR (xz-compressed when
// the URL ends in .xz) restored at $out; with `executable = "1"` the file is made executable.
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BuildError } from "../store/errors.js";
import { restoreNar } from "../store/nar.js";
import type { BuiltinContext } from "./builtins.js";

async function download(url: string, log: (t: string) => void): Promise<Buffer> {
  if (url.startsWith("file://")) {
    try {
      return fs.readFileSync(fileURLToPath(url));
    } catch (e) {
      throw new BuildError("fetch-failed", `unable to download '${url}': ${(e as Error).message}`);
    }
  }
  if (url.startsWith("http://") || url.startsWith("https://")) {
    log(`downloading '${url}'...\n`);
    let res: Response;
    try {
      res = await fetch(url, { redirect: "follow" });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      throw new BuildError("fetch-failed", `unable to download '${url}': ${cause ?? (e as Error).message}`);
    }
    if (!res.ok) throw new BuildError("fetch-failed", `unable to download '${url}': HTTP error ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
  throw new BuildError("fetch-failed", `unable to download '${url}': unsupported URL scheme`);
}

function unxz(data: Buffer, url: string): Buffer {
  const r = spawnSync("xz", ["-dc"], { input: data, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new BuildError("fetch-failed", `cannot decompress '${url}': ${r.stderr?.toString().trim() ?? r.error?.message}`);
  return r.stdout;
}

/** The builtin:fetchurl builder. */
export async function fetchurlBuiltin(ctx: BuiltinContext): Promise<void> {
  const out = ctx.outputs.get("out");
  if (ctx.drv.outputs.size !== 1 || !out || ctx.drv.outputs.get("out")!.hash === "") {
    throw new BuildError("bad-builtin", `'builtin:fetchurl' must be a fixed-output derivation ('${ctx.drvPath}')`);
  }
  const url = ctx.drv.env.get("url");
  if (url === undefined) throw new BuildError("bad-builtin", `attribute 'url' missing in '${ctx.drvPath}'`);
  const unpack = ctx.drv.env.get("unpack") === "1";
  let data = await download(url, ctx.log);
  if (unpack) {
    if (url.endsWith(".xz")) data = unxz(data, url);
    restoreNar(data, out.physical);
  } else {
    fs.writeFileSync(out.physical, data, { mode: 0o644 });
  }
  if (ctx.drv.env.get("executable") === "1") fs.chmodSync(out.physical, 0o755);
}
