// The SQL side of LocalStore: prepared statements over the schema of db.ts for registering paths
// (with references and derivation outputs, in one transaction), closures and realisations.
import type Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { parseDerivation, type Derivation } from "./drv.js";
import { StoreError } from "./errors.js";
import { formatHash, parseHash } from "./hash.js";
import type { PathInfo, Realisation } from "./path-info.js";

interface Row { id: number; path: string; hash: string; registrationTime: number; deriver: string | null;
  narSize: number | null; ultimate: number | null; sigs: string | null; ca: string | null }

/** Prepared queries of one store database. */
export class StoreQueries {
  private readonly s;
  /** Reads a .drv's text when registering it (to record its outputs); set by the owner. */
  readDrvText: (p: string) => string = (p) => readFileSync(p, "utf8");

  constructor(private readonly db: Database.Database, private readonly storeDir: string) {
    this.s = {
      byPath: db.prepare<[string], Row>("SELECT * FROM ValidPaths WHERE path = ?"),
      idOf: db.prepare<[string], { id: number }>("SELECT id FROM ValidPaths WHERE path = ?"),
      refs: db.prepare<[number], { path: string }>(
        "SELECT p.path FROM Refs r JOIN ValidPaths p ON p.id = r.reference WHERE r.referrer = ?"),
      referrers: db.prepare<[string], { path: string }>(
        "SELECT p.path FROM Refs r JOIN ValidPaths p ON p.id = r.referrer WHERE r.reference = (SELECT id FROM ValidPaths WHERE path = ?)"),
      insert: db.prepare("INSERT INTO ValidPaths (path, hash, registrationTime, deriver, narSize, ultimate, sigs, ca) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      update: db.prepare("UPDATE ValidPaths SET hash = ?, registrationTime = ?, deriver = ?, narSize = ?, ultimate = ?, sigs = ?, ca = ? WHERE id = ?"),
      addRef: db.prepare("INSERT OR IGNORE INTO Refs (referrer, reference) VALUES (?, ?)"),
      addDrvOut: db.prepare("INSERT OR REPLACE INTO DerivationOutputs (drv, id, path) VALUES (?, ?, ?)"),
      drvOuts: db.prepare<[string], { id: string; path: string }>(
        "SELECT d.id, d.path FROM DerivationOutputs d JOIN ValidPaths v ON v.id = d.drv WHERE v.path = ?"),
      derivers: db.prepare<[string], { path: string }>(
        "SELECT v.path FROM DerivationOutputs d JOIN ValidPaths v ON v.id = d.drv WHERE d.path = ?"),
      all: db.prepare<[], { path: string }>("SELECT path FROM ValidPaths ORDER BY path"),
      del: db.prepare("DELETE FROM ValidPaths WHERE id = ?"),
      delSelfRef: db.prepare("DELETE FROM Refs WHERE referrer = ? AND reference = ?"),
      addReal: db.prepare("INSERT OR REPLACE INTO Realisations (drvOutputId, outputPath, signatures, dependents) VALUES (?, ?, ?, ?)"),
      closure: db.prepare<[string], { path: string }>(
        `WITH RECURSIVE c(id) AS (
           SELECT v.id FROM ValidPaths v JOIN json_each(?) j ON v.path = j.value
           UNION SELECT r.reference FROM Refs r JOIN c ON r.referrer = c.id)
         SELECT v.path FROM ValidPaths v JOIN c ON v.id = c.id`),
      setSigs: db.prepare("UPDATE ValidPaths SET sigs = ? WHERE path = ?"),
      fromHashPart: db.prepare<[string], { path: string }>("SELECT path FROM ValidPaths WHERE path >= ? ORDER BY path LIMIT 1"),
      real: db.prepare<[string], { path: string; signatures: string; dependents: string }>(
        "SELECT v.path, r.signatures, r.dependents FROM Realisations r JOIN ValidPaths v ON v.id = r.outputPath WHERE r.drvOutputId = ?"),
    };
  }

  /** True if `p` has a ValidPaths row. */
  isValid(p: string): boolean {
    return this.s.idOf.get(p) !== undefined;
  }

  /** Full metadata of a valid path. */
  pathInfo(p: string): PathInfo | undefined {
    const r = this.s.byPath.get(p);
    if (!r) return undefined;
    return {
      path: r.path, narHash: parseHash(r.hash), narSize: r.narSize ?? 0,
      references: this.s.refs.all(r.id).map((x) => x.path).sort(),
      deriver: r.deriver ?? undefined, registrationTime: r.registrationTime, ca: r.ca ?? undefined,
      sigs: r.sigs ? r.sigs.split(" ").filter(Boolean) : [], ultimate: !!r.ultimate,
    };
  }

  /** All valid paths, sorted. */
  allValid(): string[] {
    return this.s.all.all().map((x) => x.path);
  }

  /** Paths whose references include `p`. */
  referrers(p: string): string[] {
    return this.s.referrers.all(p).map((x) => x.path).sort();
  }

  /** Outputs recorded for a valid .drv. */
  derivationOutputs(drvPath: string): Map<string, string> {
    return new Map(this.s.drvOuts.all(drvPath).map((x) => [x.id, x.path]));
  }

  /** Valid .drvs that declare `outPath` as an output. */
  validDerivers(outPath: string): string[] {
    return this.s.derivers.all(outPath).map((x) => x.path);
  }

  /** Registers (or re-registers) a path with its references and, for a .drv, its outputs (from
   *  `physDrv`: its physical file, or the derivation already parsed). */
  register(info: PathInfo, physDrv?: string | Derivation): void {
    this.db.transaction(() => this.registerOne(info, physDrv)).immediate();
  }

  /** Registers several paths in one transaction, in order (a path's references must be valid or
   *  registered earlier in the list); all or none. */
  registerAll(items: ReadonlyArray<{ info: PathInfo; physDrv?: string | Derivation }>): void {
    this.db.transaction(() => {
      for (const it of items) this.registerOne(it.info, it.physDrv);
    }).immediate();
  }

  private registerOne(info: PathInfo, physDrv?: string | Derivation): void {
    const hash = formatHash(info.narHash, "base16", true);
    const sigs = info.sigs.join(" ");
    const existing = this.s.idOf.get(info.path);
    let id: number;
    if (existing) {
      id = existing.id;
      this.s.update.run(hash, info.registrationTime, info.deriver ?? null, info.narSize, info.ultimate ? 1 : 0, sigs, info.ca ?? null, id);
    } else {
      id = Number(this.s.insert.run(info.path, hash, info.registrationTime, info.deriver ?? null, info.narSize,
        info.ultimate ? 1 : 0, sigs, info.ca ?? null).lastInsertRowid);
    }
    for (const r of info.references) {
      const rid = r === info.path ? id : this.s.idOf.get(r)?.id;
      if (rid === undefined) throw new StoreError("invalid-reference", `cannot register '${info.path}': reference '${r}' is not valid`, info.path);
      this.s.addRef.run(id, rid);
    }
    if (info.path.endsWith(".drv") && physDrv) {
      const drv = typeof physDrv === "string" ? parseDerivation(this.readDrvText(physDrv)) : physDrv;
      for (const [o, out] of drv.outputs) if (out.path !== "") this.s.addDrvOut.run(id, o, out.path);
    }
  }

  /** Removes a path's row (and its outgoing references); fails while other paths refer to it. */
  invalidate(p: string): void {
    this.db.transaction(() => {
      const row = this.s.idOf.get(p);
      if (!row) return;
      const others = this.referrers(p).filter((r) => r !== p);
      if (others.length) throw new StoreError("path-in-use", `cannot delete '${p}': it is still referenced by '${others[0]}'`, p);
      this.s.delSelfRef.run(row.id, row.id);
      this.s.del.run(row.id);
    }).immediate();
  }

  /** Transitive references of `paths`, including them (invalid starting paths are kept as is). */
  closure(paths: Iterable<string>): Set<string> {
    const start = [...paths];
    const seen = new Set(start);
    for (const r of this.s.closure.all(JSON.stringify(start))) seen.add(r.path);
    return seen;
  }

  /** Adds signatures to a valid path (duplicates ignored). */
  addSignatures(p: string, sigs: string[]): void {
    this.db.transaction(() => {
      const info = this.pathInfo(p);
      if (!info) throw new StoreError("invalid-path", `cannot sign '${p}': it is not valid`, p);
      const all = [...new Set([...info.sigs, ...sigs])].sort();
      this.s.setSigs.run(all.join(" "), p);
    }).immediate();
  }

  /** The valid path with this 32-character hash part, if any. */
  pathFromHashPart(hashPart: string): string | undefined {
    const prefix = `${this.storeDir}/${hashPart}`;
    const r = this.s.fromHashPart.get(prefix);
    return r && r.path.startsWith(prefix + "-") ? r.path : undefined;
  }

  /** Stores a realisation; its output path must be valid. */
  registerRealisation(r: Realisation): void {
    const outPath = r.outPath.startsWith("/") ? r.outPath : `${this.storeDir}/${r.outPath}`;
    this.db.transaction(() => {
      const row = this.s.idOf.get(outPath);
      if (!row) throw new StoreError("invalid-path", `cannot register realisation '${r.id}': '${outPath}' is not valid`, outPath);
      this.s.addReal.run(r.id, row.id, [...r.signatures].sort().join(" "), JSON.stringify(r.dependentRealisations));
    }).immediate();
  }

  /** Looks up a realisation by normalised id. */
  realisation(id: string): Realisation | undefined {
    const r = this.s.real.get(id);
    if (!r) return undefined;
    return { id, outPath: r.path.slice(this.storeDir.length + 1), signatures: r.signatures ? r.signatures.split(" ") : [],
      dependentRealisations: JSON.parse(r.dependents) as Record<string, string> };
  }
}
