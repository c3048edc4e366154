/**
 * The project's struct table (table/structs.ts, laid out by abi/layout.ts) as the scenario
 * runner sees it: every integer a struct holds under a flat name, nested members dotted
 * (`src.aport`) and array elements indexed (`args[2]`, `reserved[55]`). A flexible array
 * member holds no bytes of the struct itself, so it has no names. Bytes go through struct I/O
 * (machine/structio.ts), which takes and gives the nested shape.
 */
import type { GuestMode } from "../abi/modes.js";
import type { StructLayout } from "../abi/layout.js";
import { decodeStruct, encodeStruct } from "../machine/structio.js";
import type { FieldOutput, FieldsInput, FieldsOutput } from "../machine/structio.js";
import { STRUCT_NAMES, findStruct, layoutOf } from "../table/structs/index.js";
import type { ScenarioField, ScenarioStructs } from "./structs.js";

type FlatField = ScenarioField;

interface Flat {
  readonly size: number;
  readonly fields: ReadonlyMap<string, FlatField>;
}

function flatten(layout: StructLayout, prefix: string, base: number, out: Map<string, FlatField>) {
  for (const f of layout.fields) {
    if (f.flexible === true) continue;
    const count = f.count ?? 1;
    for (let i = 0; i < count; i++) {
      const name = `${prefix}${f.name}${f.count === undefined ? "" : `[${i}]`}`;
      const offset = base + f.offset + i * f.elemSize;
      if (f.kind === "struct" && f.struct !== undefined) flatten(f.struct, `${name}.`, offset, out);
      else out.set(name, { bits: f.elemSize * 8 });
    }
  }
}

// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const cache = new Map<string, Flat>();

function flat(name: string, mode: GuestMode): Flat | undefined {
  if (findStruct(name) === undefined) return undefined;
  const key = `${name}\0${mode}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    const layout = layoutOf(name, mode);
    const fields = new Map<string, FlatField>();
    flatten(layout, "", 0, fields);
    hit = { size: layout.size, fields };
    cache.set(key, hit);
  }
  return hit;
}

/** `a.b[2].c` -> ["a", "b", 2, "c"] */
function segments(name: string): (string | number)[] {
  return (name.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((seg) =>
    seg.startsWith("[") ? Number(seg.slice(1, -1)) : seg,
  );
}

/** Flat names and values -> the nested object structio encodes (holes read as 0). */
function nest(values: Readonly<Record<string, bigint>>): FieldsInput {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const path = segments(name);
    let node: Record<string | number, unknown> = root;
    path.forEach((seg, i) => {
      if (i === path.length - 1) {
        node[seg] = value;
        return;
      }
      node[seg] ??= typeof path[i + 1] === "number" ? [] : {};
      node = node[seg] as Record<string | number, unknown>;
    });
  }
  return root as FieldsInput;
}

/** structio's nested output -> flat names with bigint values. */
function unnest(v: FieldOutput, name: string, out: Record<string, bigint>): void {
  if (typeof v === "bigint") out[name] = v;
  else if (v instanceof Uint8Array) v.forEach((b, i) => (out[`${name}[${i}]`] = BigInt(b)));
  else if (Array.isArray(v)) v.forEach((e: FieldOutput, i) => unnest(e, `${name}[${i}]`, out));
  else
    for (const [k, e] of Object.entries(v as FieldsOutput))
      unnest(e, name === "" ? k : `${name}.${k}`, out);
}

export const scenarioStructs: ScenarioStructs = {
  names: () => STRUCT_NAMES,
  size: (name, mode) => flat(name, mode)?.size,
  fields: (name, mode) => flat(name, mode)?.fields ?? new Map(),
  encode: (name, mode, values) => encodeStruct(layoutOf(name, mode), nest(values)),
  decode(name, mode, bytes) {
    const out: Record<string, bigint> = {};
    unnest(decodeStruct(layoutOf(name, mode), bytes), "", out);
    // A signed field (grant_table_op's int16_t status) decodes negative: the contract is the
    // unsigned value at the field's width, as expected values are taken.
    const fields = flat(name, mode)?.fields;
    for (const [k, v] of Object.entries(out))
      if (v < 0n) out[k] = BigInt.asUintN(fields?.get(k)?.bits ?? 64, v);
    return out;
  },
};
