/**
 * What the scenario runner needs from the struct layer: a struct's size and fields for a guest
 * mode, and encode/decode of field values. The layout engine (src/abi/layout.ts) and struct
 * I/O (src/machine/structio.ts) provide the facts; this adapter is the only place that knows
 * their shape.
 */
import type { GuestMode } from "../abi/modes.js";

export interface ScenarioField {
  /** Width in bits of the integer a scenario reads or writes. */
  readonly bits: number;
}

export interface ScenarioStructs {
  /** Every struct name it knows, for an unknown name's "did you mean" (absent: no hint). */
  names?(): Iterable<string>;
  /** Size in bytes of `name` laid out for `mode`; undefined for an unknown struct. */
  size(name: string, mode: GuestMode): number | undefined;
  /** The settable fields (nested ones dotted, `src.aport`; array elements `reserved[3]`). */
  fields(name: string, mode: GuestMode): ReadonlyMap<string, ScenarioField>;
  /** Bytes of the struct with the given fields set (unsigned at their widths); others zero. */
  encode(name: string, mode: GuestMode, values: Readonly<Record<string, bigint>>): Uint8Array;
  /** Every field's unsigned value from the struct's bytes. */
  decode(name: string, mode: GuestMode, bytes: Uint8Array): Record<string, bigint>;
}
