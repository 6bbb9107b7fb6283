// tk's user configuration: YAML from /etc/tk/config.yaml, then ~/.config/tk/config.yaml
// (later files override earlier ones), then command-line flags. Keys follow nix.conf's names.
import { existsSync, readFileSync } from "node:fs";
import { homedir, availableParallelism } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { TkError } from "../store/errors.js";

/** The settings tk reads from its config files. */
export interface TkConfig {
  "max-jobs": number;
  sandbox: boolean;
  "sandbox-paths": string[];
  substituters: string[];
  "trusted-public-keys": string[];
  "secret-key-files": string[];
}

/** Host paths a builder needs to run the host toolchain (read-only in the sandbox). */
export const DEFAULT_SANDBOX_PATHS = ["/bin", "/usr", "/lib", "/lib64", "/etc/alternatives", "/etc/ld.so.cache"];

/** Defaults when no file says otherwise. */
export function defaultConfig(): TkConfig {
  return {
    "max-jobs": availableParallelism(),
    sandbox: existsSync("/usr/bin/bwrap"),
    "sandbox-paths": DEFAULT_SANDBOX_PATHS,
    substituters: [],
    "trusted-public-keys": [],
    "secret-key-files": [],
  };
}

/** The config files consulted, in order; TK_CONFIG_FILE replaces both (used by tests). */
export function configFiles(env = process.env): string[] {
  if (env.TK_CONFIG_FILE) return [env.TK_CONFIG_FILE];
  const home = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), ".config");
  return ["/etc/tk/config.yaml", join(home, "tk", "config.yaml")];
}

/** Reads and validates the config files; an unknown key or wrong type is an error naming the file. */
export function loadConfig(files = configFiles()): TkConfig {
  const config = defaultConfig();
  for (const file of files) {
    if (!existsSync(file)) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new TkError("bad-config", `cannot parse config file ${file}: ${(e as Error).message}`, file);
    }
    if (doc == null) continue;
    if (typeof doc !== "object" || Array.isArray(doc)) {
      throw new TkError("bad-config", `config file ${file} must be a mapping of settings`, file);
    }
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) applySetting(config, key, value, file);
  }
  return config;
}

function applySetting(config: TkConfig, key: string, value: unknown, file: string): void {
  const bad = (want: string) =>
    new TkError("bad-config", `setting '${key}' in ${file} must be ${want}`, file);
  switch (key) {
    case "max-jobs":
      if (value === "auto") config["max-jobs"] = availableParallelism();
      else if (Number.isInteger(value) && (value as number) >= 1) config["max-jobs"] = value as number;
      else throw bad("a positive integer or 'auto'");
      return;
    case "sandbox":
      if (typeof value !== "boolean") throw bad("true or false");
      config.sandbox = value;
      return;
    case "sandbox-paths":
    case "substituters":
    case "trusted-public-keys":
    case "secret-key-files":
      if (typeof value === "string") config[key] = value.split(/\s+/).filter(Boolean);
      else if (Array.isArray(value) && value.every((v) => typeof v === "string")) config[key] = value as string[];
      else throw bad("a list of strings");
      return;
    default:
      throw new TkError("bad-config", `unknown setting '${key}' in ${file}`, file);
  }
}
