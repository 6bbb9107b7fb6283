// Exact C-style float formatting: "%g" (6 significant digits, as std::ostream prints doubles) and
// "%f" (std::to_string), rounding the exact binary value half-to-even like glibc does.

/** Exact decimal expansion of a finite positive double: digits and the exponent of the first digit. */
function exactDecimal(x: number): { digits: string; exp10: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (e === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = e - 1075;
  }
  let intDigits: string;
  let fracLen: number;
  if (exp2 >= 0) {
    intDigits = (mant << BigInt(exp2)).toString();
    fracLen = 0;
  } else {
    intDigits = (mant * 5n ** BigInt(-exp2)).toString();
    fracLen = -exp2;
  }
  // value = intDigits × 10^-fracLen
  const stripped = intDigits.replace(/^0+/, "");
  const exp10 = stripped.length - 1 - fracLen;
  return { digits: stripped.replace(/0+$/, "") || "0", exp10 };
}

/** Round a digit string to `n` digits half-to-even; returns digits (length n or n+1 on carry). */
function roundDigits(digits: string, n: number): { d: string; carry: boolean } {
  if (n < 0) return { d: "", carry: false };
  if (digits.length <= n) return { d: digits.padEnd(n, "0"), carry: false };
  const keep = digits.slice(0, n);
  const rest = digits.slice(n);
  let up: boolean;
  if (rest[0] > "5") up = true;
  else if (rest[0] < "5") up = false;
  else if (/[1-9]/.test(rest.slice(1))) up = true;
  else up = n > 0 ? (Number(keep[n - 1]) & 1) === 1 : false;
  if (!up) return { d: keep, carry: false };
  if (n === 0) return { d: "1", carry: true };
  const inc = (BigInt(keep) + 1n).toString().padStart(n, "0");
  return inc.length > n ? { d: inc, carry: true } : { d: inc, carry: false };
}

/** printf("%g") with precision 6. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const sign = x < 0 ? "-" : "";
  const { digits, exp10 } = exactDecimal(Math.abs(x));
  const r = roundDigits(digits, 6);
  let d = r.d.slice(0, 6);
  let ex = exp10 + (r.carry ? 1 : 0);
  if (r.carry) d = ("1" + "0".repeat(5)).slice(0, 6);
  d = d.replace(/0+$/, "");
  if (ex < -4 || ex >= 6) {
    const m = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    return `${sign}${m}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  let s: string;
  if (ex >= 0) s = d.length > ex + 1 ? `${d.slice(0, ex + 1)}.${d.slice(ex + 1)}` : d.padEnd(ex + 1, "0");
  else s = `0.${"0".repeat(-ex - 1)}${d}`;
  return sign + s;
}

/** printf("%f") (std::to_string of a double): six decimals. */
export function formatF(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return sign + "0.000000";
  const { digits, exp10 } = exactDecimal(Math.abs(x));
  // number of digits to keep = integer digits + 6 decimals
  const keepN = exp10 + 1 + 6;
  if (keepN <= 0) {
    // below one millionth: rounds to 0.000000 or 0.000001
    const r = roundDigits("0".repeat(-keepN) + digits, 0);
    return sign + fixedFrom(r.carry ? 1n : 0n);
  }
  return sign + fixedFrom(BigInt(roundDigits(digits, keepN).d));
}

function fixedFrom(microUnits: bigint): string {
  const s = microUnits.toString().padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}
