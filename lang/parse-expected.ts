// What a syntax error says was expected, as Nix 2.8's bison (GLR, default reductions) says it: bison
// reduces a complete expression as far as default reductions go before it notices the error, so only the
// tokens of the state it ends in are listed (`(1` → expecting ')', not every operator), by bison's token
// names (ID, THEN, '}', end of file…) in its symbol order, and none at all when there are more than four.
// Computed from nearley's Earley items at the error point; see expectedTokens().

/** Bison's display name of each lexer token type (parser.y's %token names, quoted character literals). */
const BISON_NAMES: Record<string, string> = {
  ident: "ID", str: "STR", istr: "IND_STR", int: "INT", float: "FLOAT", path: "PATH", hpath: "HPATH",
  spath: "SPATH", pathEnd: "PATH_END", pathStr: "STR", uri: "URI", kw_if: "IF", kw_then: "THEN",
  kw_else: "ELSE", kw_assert: "ASSERT", kw_with: "WITH", kw_let: "LET", kw_in: "IN", kw_rec: "REC",
  kw_inherit: "INHERIT", eq: "EQ", neq: "NEQ", and: "AND", or_op: "OR", impl: "IMPL", kw_or: "OR_KW",
  interp: "DOLLAR_CURLY", istrOpen: "IND_STRING_OPEN", istrClose: "IND_STRING_CLOSE", ellipsis: "ELLIPSIS",
  lt: "'<'", gt: "'>'", leq: "LEQ", geq: "GEQ", update: "UPDATE", plus: "'+'", minus: "'-'", star: "'*'",
  slash: "'/'", concat: "CONCAT", qmark: "'?'", colon: "':'", lbrace: "'{'", rbrace: "'}'", at: "'@'",
  semi: "';'", not: "'!'", dot: "'.'", dquote: "'\"'", strEnd: "'\"'", lparen: "'('", rparen: "')'",
  lbrack: "'['", rbrack: "']'", assign: "'='", comma: "','",
};

/** Bison's symbol numbers order the list: $end, the %token names, precedence-only names, then literals. */
const ORDER = [
  "end of file", "ID", "ATTRPATH", "STR", "IND_STR", "INT", "FLOAT", "PATH", "HPATH", "SPATH", "PATH_END",
  "URI", "IF", "THEN", "ELSE", "ASSERT", "WITH", "LET", "IN", "REC", "INHERIT", "EQ", "NEQ", "AND", "OR",
  "IMPL", "OR_KW", "DOLLAR_CURLY", "IND_STRING_OPEN", "IND_STRING_CLOSE", "ELLIPSIS", "'<'", "'>'", "LEQ",
  "GEQ", "UPDATE", "NOT", "'+'", "'-'", "'*'", "'/'", "CONCAT", "'?'", "NEGATE", "':'", "'{'", "'}'", "'@'",
  "';'", "'!'", "'.'", "'\"'", "'('", "')'", "'['", "']'", "'='", "','",
];
const RANK = new Map(ORDER.map((n, i) => [n, i]));

/** How bison names a token of this lexer type in "unexpected X". */
export function bisonName(type: string): string {
  return BISON_NAMES[type] ?? type;
}

interface Sym {
  type?: string;
  types?: string[];
}
interface Rule {
  name: string;
  symbols: Array<string | Sym>;
}
interface Item {
  rule: Rule;
  dot: number;
  reference: number;
  isComplete: boolean;
  wantedBy: Item[];
  left?: Item;
  right?: Item | { isToken: true };
}

const firstMemo = new Map<string, Set<string>>();

/** Token types that can start nonterminal `name` (the grammar's nullable lists end in a terminal). */
function first(rules: Rule[], name: string): Set<string> {
  let out = firstMemo.get(name);
  if (!out) firstMemo.set(name, (out = firstInto(rules, name, new Set(), new Set())));
  return out;
}

function firstInto(rules: Rule[], name: string, seen: Set<string>, out: Set<string>): Set<string> {
  if (seen.has(name)) return out;
  seen.add(name);
  const nullable = (s: string | Sym): boolean => typeof s === "string" && rules.some((r) => r.name === s && r.symbols.length === 0);
  for (const r of rules) {
    if (r.name !== name) continue;
    for (const s of r.symbols) {
      if (typeof s === "string") firstInto(rules, s, seen, out);
      else for (const t of s.types ?? (s.type ? [s.type] : [])) out.add(t);
      if (!nullable(s)) break;
    }
  }
  return out;
}

const FORMALS_RULES = new Set(["formals", "flist", "formal", "setLam"]);
const isFormalsItem = (it: Item): boolean =>
  FORMALS_RULES.has(it.rule.name) || (it.rule.name === "expr" && it.rule.symbols[1] === "formals");

/** True when bison would have reduced the item away: the nonterminal before its dot also completes
 * another rule there (a default reduction), as `app` in `app . select` completes `neg -> app`. */
function reducedAway(item: Item, complete: Item[], here: number): boolean {
  const child = item.right;
  // before a nullable nonterminal that completed empty here, bison reduces it by default
  const next = item.rule.symbols[item.dot];
  if (typeof next === "string" && complete.some((s) => s.rule.name === next && s.rule.symbols.length === 0 && s.reference === here)) {
    return true;
  }
  if (!child) return false;
  if ("isToken" in child) {
    // `ID . ':' …` beside the complete `ID .`: the state has a default reduction
    const split = item.rule.name === "expr" && item.rule.symbols[1] === "formals";
    return !split && complete.some((j) => j.reference === item.reference && j.dot === item.dot);
  }
  if (child.wantedBy.some((p) => p.dot + 1 === p.rule.symbols.length)) return true;
  // the collected `//` and `++` chains: `upd_l -> not` has the sibling completion `upd -> not`
  const only = child.rule.symbols.length === 1 ? child.rule.symbols[0] : undefined;
  return only !== undefined && complete.some((j) => j !== child && j.reference === child.reference &&
    j.rule.symbols.length === 1 && j.rule.symbols[0] === only && j.rule.name !== child.rule.name);
}

/** The formals-after-`{ }` item `{ formals } . : …` with empty formals (GLR keeps that branch last). */
function emptyFormalsClose(item: Item): boolean {
  if (item.rule.name !== "expr" || item.dot !== 3 || typeof item.rule.symbols[1] !== "string") return false;
  const formals = item.left?.right;
  return item.rule.symbols[1] === "formals" && !!formals && !("isToken" in formals) && formals.rule.symbols.length === 0;
}

/**
 * The expected-token list of bison's message for an error at nearley column `here` with items `states`
 * (the items after the last good token), given the offending token's lexer type (undefined at end of input). Empty when
 * bison lists none (more than four, or a chained non-associative operator).
 */
export function expectedTokens(rules: Rule[], states: Item[], here: number, unexpected: string | undefined): string[] {
  // a == b == c, a < b < c: bison's %nonassoc error action lists nothing
  if (unexpected) {
    const level = ["eq", "neq"].includes(unexpected) ? "eq" : ["lt", "gt", "leq", "geq"].includes(unexpected) ? "cmp" : "";
    if (level && states.some((s) => s.isComplete && s.rule.name === level && s.rule.symbols.length === 3)) return [];
  }
  const complete = states.filter((s) => s.isComplete);
  let kept = states.filter((s) => s.dot > 0 && !s.isComplete && !reducedAway(s, complete, here));
  // `{` is a GLR split between formals and an attribute set: bison reports the stack that died last
  if (kept.some(isFormalsItem)) {
    const emptyFormals = kept.some(emptyFormalsClose);
    const others = kept.filter((s) => !isFormalsItem(s));
    if (emptyFormals) kept = kept.filter(isFormalsItem);
    else if (others.length > 0 || states.some((s) => s.isComplete && s.rule.name === "main")) kept = others;
  }
  const names = new Set<string>();
  for (const s of kept) {
    const sym = s.rule.symbols[s.dot];
    const types = typeof sym === "string" ? first(rules, sym) : sym.types ?? (sym.type ? [sym.type] : []);
    for (const t of types) names.add(bisonName(t));
  }
  if (states.some((s) => s.isComplete && s.rule.name === "main" && s.reference === 0) && !kept.some(emptyFormalsClose)) {
    names.add("end of file");
  }
  if (names.size > 4) return [];
  return [...names].sort((a, b) => (RANK.get(a) ?? 999) - (RANK.get(b) ?? 999));
}
