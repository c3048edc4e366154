/**
 * Write and read steps: guest-physical ranges that must lie inside the domain's memory and
 * off frame 0 (unmapped at boot; frames hypercalls unmap are found when the step runs), raw
 * byte strings, and structs with field values checked against each field's width.
 */
import type { GuestMode } from "../abi/modes.js";
import { parseByteString } from "./bytes.js";
import { fieldHint, structHint } from "./field-hint.js";
import type { Checker, Mapping } from "./check.js";
import type { Path } from "./load.js";
import type { FieldValues, ReadStep, ScenarioDomain, WriteStep } from "./schema.js";
import type { ScenarioStructs } from "./structs.js";
import { MAX_MEMORY } from "./validate-config.js";

type StepBody<S> = Omit<S, "op" | "index" | "label">;

function bytesWord(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** A guest-physical address plus length that must lie inside the domain's memory. */
function range(
  c: Checker,
  m: Mapping,
  path: Path,
  what: string,
  d: ScenarioDomain,
  length: number,
): number {
  const p = [...path, "addr"];
  const addr = c.number(c.required(m, "addr", path, what), p);
  if (addr < 0n || addr + BigInt(length) > BigInt(d.memory))
    c.fail(
      p,
      `${bytesWord(length)} at 0x${BigInt.asUintN(64, addr).toString(16)}: outside domain ${d.id}'s memory (0x${d.memory.toString(16)} bytes)`,
    );
  // Spec: frame 0 is not mapped at boot, and a write or read step there is a scenario error.
  if (length > 0 && addr < 0x1000n)
    c.fail(
      p,
      `${bytesWord(length)} at 0x${addr.toString(16)}: frame 0 (0x0-0xfff) is not mapped in guest memory`,
    );
  return Number(addr);
}

function structSize(
  c: Checker,
  structs: ScenarioStructs,
  m: Mapping,
  path: Path,
  mode: GuestMode,
): { name: string; size: number } {
  const name = c.string(m.struct, [...path, "struct"]);
  const size = structs.size(name, mode);
  if (size === undefined)
    c.fail(
      [...path, "struct"],
      `unknown struct ${JSON.stringify(name)}${structHint(name, structs.names?.() ?? [])}`,
    );
  return { name, size };
}

function fields(
  c: Checker,
  structs: ScenarioStructs,
  v: unknown,
  path: Path,
  struct: string,
  mode: GuestMode,
): FieldValues {
  if (v === undefined || v === null) return {};
  const defs = structs.fields(struct, mode);
  const m = c.mapping(v, path, Object.keys(v as object), struct);
  const out: Record<string, bigint> = {};
  for (const [name, raw] of Object.entries(m)) {
    const def = defs.get(name);
    if (def === undefined)
      c.fail(
        [...path, name],
        `${struct} has no field ${name} (${mode}: ${fieldHint(name, defs.keys())})`,
        true,
      );
    const bits = def.bits;
    out[name] = c.sized(raw, [...path, name], bits, `a ${bits}-bit field`);
  }
  return out;
}

/** A write step `m` at `path` into live domain `d`. */
export function validateWrite(
  c: Checker,
  structs: ScenarioStructs,
  m: Mapping,
  path: Path,
  what: string,
  d: ScenarioDomain,
): StepBody<WriteStep> {
  if (m.bytes !== undefined && m.struct !== undefined)
    c.fail([...path, "struct"], "a write step takes bytes or struct, not both");
  if (m.struct === undefined) {
    if (m.fields !== undefined) c.fail([...path, "fields"], "fields needs struct");
    const bp = [...path, "bytes"];
    const parsed = parseByteString(
      c.string(c.required(m, "bytes", path, `${what} (or struct)`), bp),
    );
    if (typeof parsed === "string") c.fail(bp, parsed);
    return { domain: d.id, addr: range(c, m, path, what, d, parsed.length), bytes: parsed };
  }
  const s = structSize(c, structs, m, path, d.mode);
  const values = fields(c, structs, m.fields, [...path, "fields"], s.name, d.mode);
  const bytes = structs.encode(s.name, d.mode, values);
  return {
    domain: d.id,
    addr: range(c, m, path, what, d, s.size),
    bytes,
    struct: s.name,
    fields: values,
  };
}

/** A read step `m` at `path` from live domain `d`, with its `expect` mapping at `ex`. */
export function validateRead(
  c: Checker,
  structs: ScenarioStructs,
  m: Mapping,
  path: Path,
  what: string,
  d: ScenarioDomain,
  expect: Mapping,
  ex: Path,
): StepBody<ReadStep> {
  let length: number;
  let struct: string | undefined;
  if (m.struct !== undefined) {
    if (m.length !== undefined)
      c.fail([...path, "length"], "a read step takes length or struct, not both");
    const s = structSize(c, structs, m, path, d.mode);
    struct = s.name;
    length = s.size;
  } else {
    length = c.int(
      c.required(m, "length", path, `${what} (or struct)`),
      [...path, "length"],
      0,
      MAX_MEMORY,
      "a length",
    );
    if (expect.fields !== undefined) c.fail([...ex, "fields"], "expect.fields needs struct");
  }
  const addr = range(c, m, path, what, d, length);
  let bytes: Uint8Array | undefined;
  if (expect.bytes !== undefined) {
    const bp = [...ex, "bytes"];
    const parsed = parseByteString(c.string(expect.bytes, bp));
    if (typeof parsed === "string") c.fail(bp, parsed);
    if (parsed.length !== length)
      c.fail(bp, `${bytesWord(parsed.length)} expected, but the read is ${bytesWord(length)}`);
    bytes = parsed;
  }
  const values =
    struct === undefined || expect.fields === undefined
      ? undefined
      : fields(c, structs, expect.fields, [...ex, "fields"], struct, d.mode);
  return {
    domain: d.id,
    addr,
    length,
    ...(struct !== undefined && { struct }),
    expect: {
      ...(bytes !== undefined && { bytes }),
      ...(values !== undefined && { fields: values }),
    },
  };
}
