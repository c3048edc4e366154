/**
 * One fact, one place: where a hypercall has a record (abi-core's hypercalls/<name>/record.ts),
 * its YAML writes what the record knows as placeholders, never as literals: the number, each
 * sub-op's name and number, the unknown sub-op's errno, and every errno a check of the record
 * returns in that scope (the sub-op's checks and the entry's; for the hypercall's own errors,
 * any check's). An errno no check of the record names yet stays literal, and so do the errors
 * of a sub-op the record marks as not modelled.
 */
import { REGISTRY, type HypercallModelRecord } from "@xen-abi/abi-core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DATA_FILES } from "../generated/data.js";

/**
 * Records that joined the registry after their YAML was written, whose YAML still writes the
 * facts literally (to convert: names, numbers, then each errno to the check it describes).
 */
const NOT_YET: readonly string[] = ["grant_table_op", "hvm_op"];

const documented = REGISTRY.records.filter(
  (r) => DATA_FILES[`data/hypercalls/${r.name}.yaml`] !== undefined && !NOT_YET.includes(r.name),
);

interface Doc {
  number?: unknown;
  unknownSubop?: unknown;
  errors?: { errno: string }[];
  subops?: { name: string; value: unknown; errors?: { errno: string }[] }[];
}

const isPlaceholder = (v: unknown) => typeof v === "string" && /^\$\{[a-z0-9_.]+\}$/.test(v);

/** The literal errnos of `errors` that some check in `checks` returns. */
function knownLiterals(
  errors: readonly { errno: string }[] | undefined,
  checks: readonly { errno: string }[],
): string[] {
  const known = new Set(checks.map((c) => c.errno));
  return (errors ?? []).map((e) => e.errno).filter((e) => !isPlaceholder(e) && known.has(e));
}

function check(record: HypercallModelRecord, doc: Doc): void {
  if (doc.number !== undefined) expect(doc.number, "number").toSatisfy(isPlaceholder);
  if (record.unknownSubop !== undefined && doc.unknownSubop !== undefined)
    expect(doc.unknownSubop, "unknownSubop").toSatisfy(isPlaceholder);
  const all = [...record.checks, ...record.subops.flatMap((s) => s.checks)];
  expect(knownLiterals(doc.errors, all), "errors").toEqual([]);
  if (record.subops.length === 0) return;
  for (const s of doc.subops ?? []) {
    expect(s.name, "sub-op name").toSatisfy(isPlaceholder);
    expect(s.value, `${s.name} number`).toSatisfy(isPlaceholder);
    const key = s.name.replace(/^\$\{[a-z0-9_]+\.([a-z0-9_]+)\.name\}$/, "$1");
    const subop = record.subops.find((r) => r.name === `${record.subopPrefix ?? ""}${key}`);
    // A sub-op the machine does not model has no checks to name: its errors stay literal.
    if (subop !== undefined && !subop.modelled) continue;
    const scope = [...record.checks, ...(subop?.checks ?? [])];
    expect(knownLiterals(s.errors, scope), `${key} errors`).toEqual([]);
  }
}

describe("YAML of a hypercall with a record", () => {
  it("lists as not yet converted only documented hypercalls with a record", () => {
    for (const name of NOT_YET) {
      expect(REGISTRY.record(name), name).toBeDefined();
      expect(DATA_FILES[`data/hypercalls/${name}.yaml`], name).toBeDefined();
    }
  });

  it("covers every documented hypercall the registry has", () => {
    expect(documented.map((r) => r.name)).toEqual(
      expect.arrayContaining(["argo_op", "xen_version", "console_io", "sched_op", "multicall"]),
    );
  });

  it.each(documented.map((r) => [r.name, r] as const))(
    "%s writes the record's facts as placeholders",
    (name, record) => {
      check(record, parse(DATA_FILES[`data/hypercalls/${name}.yaml`]!) as Doc);
    },
  );

  it("fails a document that writes a known fact literally", () => {
    const record = REGISTRY.record("xen_version")!;
    const doc = parse(DATA_FILES["data/hypercalls/xen_version.yaml"]!) as Doc;
    expect(() => check(record, { ...doc, number: 17 })).toThrow(/number/);
    const subops = doc.subops!.map((s, i) => (i === 0 ? { ...s, name: "XENVER_version" } : s));
    expect(() => check(record, { ...doc, subops })).toThrow(/sub-op name/);
    const errors = [{ errno: "ENOSYS" }];
    expect(() => check(record, { ...doc, errors })).toThrow(/errors/);
  });
});
