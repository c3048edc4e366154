/** Register values a step sets or expects, and expected hypercall results. */
import type { RegisterDef } from "../abi/modes.js";
import type { Checker } from "./check.js";
import type { Path } from "./load.js";
import { toSigned } from "./numbers.js";
import type { RegValue } from "./schema.js";

/** A mapping of register names (from `defs`) to values at each register's width. */
export function validateRegs(
  c: Checker,
  v: unknown,
  path: Path,
  defs: readonly RegisterDef[],
  whose: string,
): RegValue[] {
  if (v === undefined || v === null) return [];
  const byName = new Map(defs.map((r) => [r.name, r]));
  const m = c.mapping(v, path, Object.keys(v as object), whose);
  return Object.entries(m).map(([name, raw]) => {
    const def = byName.get(name);
    if (def === undefined) c.fail([...path, name], `unknown register for ${whose}`, true);
    const value = c.sized(raw, [...path, name], def.bits, `a ${def.bits}-bit register`);
    return { name, bits: def.bits, value };
  });
}

/** An expected result at `bits` width, as a signed value. */
export function validateRet(c: Checker, v: unknown, path: Path, bits: number): bigint {
  return toSigned(c.sized(v, path, bits, `a ${bits}-bit result`), bits);
}
