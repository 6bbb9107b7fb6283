// Sandboxed builds through realise() in a relocated store (TK_STORE_ROOT): the physical store is bound
// at the logical store dir, the host toolchain works with the default sandbox-paths, and what the
// sandbox denies fails the build without registering anything.
import * as fs from "node:fs";
import * as net from "node:net";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_PATHS as CLI_DEFAULTS } from "../../cli/config.js";
import { formatHash, hashOf } from "../../store/hash.js";
import { addDrv, build, outOf, outRef, testStore } from "./helpers.js";

const haveBwrap = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;
const haveGcc = spawnSync("sh", ["-c", "command -v gcc"]).status === 0;
function store() {
  const t = testStore({ relocated: true });
  return t.store;
}

describe.skipIf(!haveBwrap)("sandboxed realise in a relocated store", () => {
  it("builds at logical paths that exist only inside the sandbox", async () => {
    const s = store();
    expect(s.config.storeRoot).not.toBe("");
    const a = addDrv(s, { name: "a", script: "echo a > $out" });
    const b = addDrv(s, { name: "b", script: `read x < ${outRef(s, a)}; echo "$x $PWD $(/bin/hostname)" > $out; echo ${outRef(s, a)} >> $out`, inputs: [{ drvPath: a }] });
    const { result } = await build(s, [b], { sandbox: true, sandboxPaths: CLI_DEFAULTS });
    const out = outOf(result, b);
    expect(out.startsWith("/tk/store/")).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readFileSync(s.physical(out), "utf8")).toBe(`a /build localhost\n${outRef(s, a)}\n`);
    expect(s.queryPathInfo(out)!.references).toEqual([outRef(s, a)]);
  });

  it.skipIf(!haveGcc)("runs the host compiler with the default sandbox-paths", async () => {
    const s = store();
    const d = addDrv(s, { name: "hello", env: { PATH: "/usr/bin:/bin" },
      script: "printf '#include <stdio.h>\\nint main(void){puts(\"hi\");return 0;}\\n' > h.c && mkdir $out && gcc -o $out/hello h.c && $out/hello > $out/ran" });
    const { result } = await build(s, [d], { sandbox: true, sandboxPaths: CLI_DEFAULTS });
    expect(fs.readFileSync(s.physical(outOf(result, d)) + "/ran", "utf8")).toBe("hi\n");
  });

  it("a build that reads /etc/passwd or the home dir fails and registers nothing", async () => {
    const s = store();
    for (const [name, script] of [["passwd", "/bin/cat /etc/passwd > $out"], ["home", `/bin/ls ${process.env.HOME ?? "/root"} > $out`]]) {
      const d = addDrv(s, { name, script });
      await expect(build(s, [d], { sandbox: true, sandboxPaths: CLI_DEFAULTS })).rejects.toThrow(/failed with exit code/);
      expect(s.isValidPath(outRef(s, d))).toBe(false);
    }
  });

  it("only fixed-output derivations reach the network", async () => {
    const s = store();
    const server = net.createServer((c) => c.end("payload\n"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const fetch = `/usr/bin/python3 -c "import socket; s=socket.create_connection(('127.0.0.1', ${port}), timeout=3); open('$out','wb').write(s.recv(100))"`;
    try {
      const fod = addDrv(s, { name: "fetched", script: fetch, fixed: { mode: "flat", algo: "sha256", hash: formatHash(hashOf("sha256", "payload\n"), "sri") } });
      const { result } = await build(s, [fod], { sandbox: true, sandboxPaths: CLI_DEFAULTS });
      expect(fs.readFileSync(s.physical(outOf(result, fod)), "utf8")).toBe("payload\n");
      const plain = addDrv(s, { name: "not-fetched", script: fetch });
      await expect(build(s, [plain], { sandbox: true, sandboxPaths: CLI_DEFAULTS })).rejects.toThrow(/failed with exit code/);
    } finally {
      server.close();
    }
  });

  it("without the sandbox a relocated store refuses to build", async () => {
    const s = store();
    const d = addDrv(s, { name: "x", script: "echo x > $out" });
    await expect(build(s, [d], { sandbox: false })).rejects.toThrow(/relocated/);
  });
});
