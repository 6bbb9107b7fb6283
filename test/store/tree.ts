// Test helper: builds a deterministic file tree with every kind of NAR node and awkward names.
import * as fs from "node:fs";
import * as path from "node:path";

/** Creates the test tree at `dir` (which must not exist). */
export function makeTree(dir: string): void {
  fs.mkdirSync(dir);
  const w = (rel: string, data: string | Buffer, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data, { mode });
    fs.chmodSync(path.join(dir, rel), mode);
  };
  w("empty", "");
  w("eight", "12345678");
  w("seven", "1234567");
  w("bin/run", "#!/bin/sh\necho hi\n", 0o755);
  w("B", "capital");
  w("a-b", "dash");
  w("a.txt", "dot");
  w("nested/deeper/deepest/file", "deep");
  w("ünï", "utf8 name");
  const big = Buffer.alloc(3 * 1024 * 1024 + 5);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 13)) & 0xff;
  w("big.bin", big);
  w("onlyexec-group", "g", 0o654);
  fs.mkdirSync(path.join(dir, "emptydir"));
  fs.symlinkSync("a.txt", path.join(dir, "link"));
  fs.symlinkSync("/nonexistent/abs", path.join(dir, "dangling"));
  fs.symlinkSync("../..", path.join(dir, "nested/up"));
}
