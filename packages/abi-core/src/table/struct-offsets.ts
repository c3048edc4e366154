/**
 * Guest structs by field name, compiled once. Handlers read and write guest structs at the
 * offsets the layout engine computes for the caller's mode; resolving a field name per call
 * would cost the hot path a search, so each handler compiles the fields it uses at load time
 * into a frozen table of numbers (`IOV[mode].at.iov_len`).
 */
import { GUEST_MODES, type GuestMode } from "../abi/modes.js";
import type { LayoutAbi } from "../abi/ctypes.js";
import type { FieldLayout, StructLayout } from "../abi/layout.js";
import { layoutOf } from "./structs/index.js";

/** A struct's size and the byte offsets of the named fields (dotted paths reach nested structs). */
export interface StructOffsets<F extends string> {
  readonly name: string;
  readonly size: number;
  readonly at: Readonly<Record<F, number>>;
  /** Each field's size in bytes (a guest handle is 4 or 8 depending on the mode). */
  readonly len: Readonly<Record<F, number>>;
}

/** The field at a dotted path (`src.aport`) of a layout; throws naming the struct and path. */
export function fieldAt(layout: StructLayout, path: string): FieldLayout & { at: number } {
  let l: StructLayout | undefined = layout;
  let at = 0;
  let field: FieldLayout | undefined;
  for (const part of path.split(".")) {
    if (l === undefined) throw new Error(`${layout.name}.${path}: '${part}' is not in a struct`);
    field = l.fields.find((f) => f.name === part);
    if (field === undefined) throw new Error(`${layout.name} has no field '${path}'`);
    at += field.offset;
    l = field.struct;
  }
  return { ...field!, at };
}

/** Compile the offsets of `fields` of struct `name` under one ABI. */
export function structOffsets<F extends string>(
  name: string,
  abi: LayoutAbi,
  fields: readonly F[],
): StructOffsets<F> {
  const layout = layoutOf(name, abi);
  const at = {} as Record<F, number>;
  const len = {} as Record<F, number>;
  for (const f of fields) {
    const field = fieldAt(layout, f);
    at[f] = field.at;
    len[f] = field.size;
  }
  return Object.freeze({
    name: layout.name,
    size: layout.size,
    at: Object.freeze(at),
    len: Object.freeze(len),
  });
}

/** The same, for every guest mode: index with the caller's `d.mode`. */
export function structOffsetsByMode<F extends string>(
  name: string,
  fields: readonly F[],
): Readonly<Record<GuestMode, StructOffsets<F>>> {
  const out = {} as Record<GuestMode, StructOffsets<F>>;
  for (const m of GUEST_MODES) out[m] = structOffsets(name, m, fields);
  return Object.freeze(out);
}
