/**
 * Structs in guest memory: encode a fields object into a struct's bytes for a layout (one guest
 * mode's view), decode bytes back, and copy either way through GuestMemory. Little-endian, as
 * every modelled ABI is (arch-arm.h: hypercall argument structs are always little endian).
 *
 * Values going in: integers as number (safe integers) or bigint, negative ones taken as two's
 * complement at the field's width; byte arrays (1-byte element types: char, uint8_t) as
 * Uint8Array, number[] or a string (its UTF-8 bytes, zero-filled after); other arrays as
 * arrays; nested structs as objects. Missing fields, elements and bytes are 0. Handles and
 * pointers are guest addresses (integers).
 *
 * Values coming out: **every integer (handles and pointers included) is a bigint**; 1-byte
 * arrays are Uint8Array; other arrays are arrays; nested structs are objects.
 *
 * Layouts come from the caller (table/structs.ts `layoutOf(name, mode)`): this layer holds no
 * struct table. Not for hot paths: this allocates and uses BigInt.
 */
import type { FieldLayout, StructLayout } from "../abi/layout.js";
import type { GuestMemory } from "./memory.js";

export type FieldInput =
  number | bigint | string | Uint8Array | readonly FieldInput[] | FieldsInput;
export interface FieldsInput {
  readonly [field: string]: FieldInput | undefined;
}

export type FieldOutput = bigint | Uint8Array | readonly FieldOutput[] | FieldsOutput;
export interface FieldsOutput {
  readonly [field: string]: FieldOutput;
}

/**
 * A value that does not fit its struct. `path` locates it inside the fields object
 * (`foo`, `src.pad`, `data[1].ring.aport`; empty for the struct as a whole) so a caller can
 * prefix its own location: `steps[3].fields.` + path. The message is `path: detail`.
 */
export class StructIoError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === "" ? detail : `${path}: ${detail}`);
    this.name = "StructIoError";
  }
}

export interface DecodeOptions {
  /** Elements of the flexible array member to decode (default 0: only the fixed part). */
  readonly flexCount?: number;
}

function isFields(v: unknown): v is FieldsInput {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function join(base: string, name: string): string {
  return base === "" ? name : `${base}.${name}`;
}

/** Elements a value supplies for an array field (for the flexible member: how many it adds). */
function elementsOf(field: FieldLayout, value: FieldInput, path: string): number {
  if (field.elemSize === 1 && field.kind === "int" && typeof value === "string")
    return utf8(value).length;
  if (value instanceof Uint8Array || Array.isArray(value)) return value.length;
  throw new StructIoError(path, `expected an array for ${field.ctype} ${field.name}[]`);
}

const encoder = new TextEncoder();
function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes `fields` encode to: the struct's size, or more when the flexible member has elements. */
export function encodedLength(layout: StructLayout, fields: FieldsInput): number {
  const last = layout.fields[layout.fields.length - 1];
  const value = last?.flexible === true ? fields[last.name] : undefined;
  if (last === undefined || value === undefined) return layout.size;
  return Math.max(layout.size, last.offset + elementsOf(last, value, last.name) * last.elemSize);
}

/** Encode `fields` as `layout` lays them out. Throws StructIoError for unknown fields or bad values. */
export function encodeStruct(layout: StructLayout, fields: FieldsInput): Uint8Array {
  const out = new Uint8Array(encodedLength(layout, fields));
  encodeInto(layout, fields, new DataView(out.buffer), 0, "");
  return out;
}

function encodeInto(
  layout: StructLayout,
  fields: FieldsInput,
  view: DataView,
  base: number,
  path: string,
): void {
  if (!isFields(fields)) throw new StructIoError(path, `expected the fields of ${layout.name}`);
  for (const name of Object.keys(fields)) {
    const field = layout.fields.find((f) => f.name === name);
    if (field === undefined)
      throw new StructIoError(join(path, name), `unknown field of ${layout.name}`);
    const value = fields[name];
    if (value === undefined) continue;
    encodeField(field, value, view, base + field.offset, join(path, name));
  }
}

function encodeField(
  field: FieldLayout,
  value: FieldInput,
  view: DataView,
  at: number,
  path: string,
): void {
  if (field.count === undefined && field.flexible !== true) {
    encodeElement(field, value, view, at, path);
    return;
  }
  const n = elementsOf(field, value, path);
  if (field.count !== undefined && n > field.count)
    throw new StructIoError(
      path,
      `${n} elements do not fit ${field.ctype} ${field.name}[${field.count}]`,
    );
  const items: ArrayLike<FieldInput> =
    typeof value === "string" ? utf8(value) : (value as ArrayLike<FieldInput>);
  for (let i = 0; i < n; i++) {
    // A hole in a sparse array is left as it is, as a field left out is.
    const item = items[i];
    if (item !== undefined)
      encodeElement(field, item, view, at + i * field.elemSize, `${path}[${i}]`);
  }
}

function encodeElement(
  field: FieldLayout,
  value: FieldInput,
  view: DataView,
  at: number,
  path: string,
): void {
  if (field.kind === "struct") {
    encodeInto(field.struct!, value as FieldsInput, view, at, path);
    return;
  }
  if (typeof value !== "number" && typeof value !== "bigint")
    throw new StructIoError(path, `expected an integer for ${field.ctype}`);
  if (typeof value === "number" && !Number.isSafeInteger(value))
    throw new StructIoError(path, `${value} is not a safe integer`);
  const bits = field.elemSize * 8;
  const v = BigInt(value);
  if (v < -(1n << BigInt(bits - 1)) || v >= 1n << BigInt(bits))
    throw new StructIoError(path, `${value} does not fit ${field.ctype} (${field.elemSize} bytes)`);
  writeUint(view, at, field.elemSize, BigInt.asUintN(bits, v));
}

function writeUint(view: DataView, at: number, size: number, v: bigint): void {
  switch (size) {
    case 1:
      view.setUint8(at, Number(v));
      return;
    case 2:
      view.setUint16(at, Number(v), true);
      return;
    case 4:
      view.setUint32(at, Number(v), true);
      return;
    case 8:
      view.setBigUint64(at, v, true);
      return;
    default:
      throw new Error(`no ${size}-byte integers`);
  }
}

function readInt(view: DataView, at: number, field: FieldLayout): bigint {
  const s = field.signed;
  switch (field.elemSize) {
    case 1:
      return BigInt(s ? view.getInt8(at) : view.getUint8(at));
    case 2:
      return BigInt(s ? view.getInt16(at, true) : view.getUint16(at, true));
    case 4:
      return BigInt(s ? view.getInt32(at, true) : view.getUint32(at, true));
    case 8:
      return s ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
    default:
      throw new Error(`no ${field.elemSize}-byte integers`);
  }
}

/**
 * Decode `bytes` (from offset 0) as `layout`: every field, integers as bigint. The bytes must
 * cover the struct, plus `flexCount` elements of its flexible member.
 */
export function decodeStruct(
  layout: StructLayout,
  bytes: Uint8Array,
  opts: DecodeOptions = {},
): FieldsOutput {
  const need = decodedLength(layout, opts);
  if (bytes.length < need)
    throw new StructIoError(
      "",
      `${layout.name}: ${bytes.length} bytes are too few, it needs ${need}`,
    );
  return decodeAt(
    layout,
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    opts.flexCount ?? 0,
  );
}

/** Bytes decodeStruct reads for `layout` with `opts`. */
export function decodedLength(layout: StructLayout, opts: DecodeOptions = {}): number {
  const n = opts.flexCount ?? 0;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new StructIoError("", `${layout.name}: flexCount ${n} is not a count`);
  const last = layout.fields[layout.fields.length - 1];
  if (n === 0) return layout.size;
  if (last?.flexible !== true)
    throw new StructIoError("", `${layout.name} has no flexible array member`);
  return Math.max(layout.size, last.offset + n * last.elemSize);
}

function decodeAt(
  layout: StructLayout,
  view: DataView,
  base: number,
  flexCount: number,
): FieldsOutput {
  const out: Record<string, FieldOutput> = {};
  for (const f of layout.fields) {
    const at = base + f.offset;
    const n = f.flexible === true ? flexCount : f.count;
    if (n === undefined) out[f.name] = decodeElement(f, view, at);
    else if (f.elemSize === 1 && f.kind === "int")
      out[f.name] = new Uint8Array(
        view.buffer.slice(view.byteOffset + at, view.byteOffset + at + n),
      );
    else
      out[f.name] = Array.from({ length: n }, (_, i) =>
        decodeElement(f, view, at + i * f.elemSize),
      );
  }
  return out;
}

function decodeElement(f: FieldLayout, view: DataView, at: number): FieldOutput {
  return f.kind === "struct" ? decodeAt(f.struct!, view, at, 0) : readInt(view, at, f);
}

/**
 * Encode `fields` and copy them to guest memory at `addr`. False, with nothing written, when
 * the bytes do not fit inside the guest (as copy_to_guest fails). Throws StructIoError for
 * unknown fields or bad values.
 */
export function writeStruct(
  mem: GuestMemory,
  addr: number,
  layout: StructLayout,
  fields: FieldsInput,
): boolean {
  return mem.write(addr, encodeStruct(layout, fields));
}

/** Read and decode a struct at `addr`; undefined when it is not inside the guest. */
export function readStruct(
  mem: GuestMemory,
  addr: number,
  layout: StructLayout,
  opts: DecodeOptions = {},
): FieldsOutput | undefined {
  const bytes = mem.readBytes(addr, decodedLength(layout, opts));
  return bytes === undefined ? undefined : decodeStruct(layout, bytes, opts);
}

/** Text of a decoded char array up to its first NUL (UTF-8). */
export function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}
