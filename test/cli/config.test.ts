// Unit tests of cli/config.ts: YAML settings, precedence, validation errors naming the file.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, defaultConfig } from "../../cli/config.js";
import { TkError } from "../../store/errors.js";

function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "tk-cfg-")), "config.yaml");
  writeFileSync(p, text);
  return p;
}

describe("loadConfig", () => {
  it("returns the defaults when no file exists", () => {
    expect(loadConfig(["/nonexistent/a.yaml"])).toEqual(defaultConfig());
  });

  it("reads settings, later files overriding earlier ones", () => {
    const a = file("max-jobs: 3\nsandbox: false\nsandbox-paths: [/usr]\n");
    const b = file("max-jobs: 7\nsubstituters: file:///a file:///b\n");
    const c = loadConfig([a, b]);
    expect(c["max-jobs"]).toBe(7);
    expect(c.sandbox).toBe(false);
    expect(c["sandbox-paths"]).toEqual(["/usr"]);
    expect(c.substituters).toEqual(["file:///a", "file:///b"]);
  });

  it("rejects unknown keys and wrong types, naming the file", () => {
    const unknown = file("max-job: 3\n");
    expect(() => loadConfig([unknown])).toThrow(TkError);
    expect(() => loadConfig([unknown])).toThrow(`unknown setting 'max-job' in ${unknown}`);
    const wrong = file("sandbox: yes please\n");
    expect(() => loadConfig([wrong])).toThrow(`setting 'sandbox' in ${wrong} must be true or false`);
    const zero = file("max-jobs: 0\n");
    expect(() => loadConfig([zero])).toThrow("must be a positive integer");
  });

  it("reports malformed YAML as a config error", () => {
    const bad = file("max-jobs: [1,\n");
    expect(() => loadConfig([bad])).toThrow(/cannot parse config file/);
  });
});
