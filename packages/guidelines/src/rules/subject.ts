/**
 * What the rule checks look at: one shape for a proposal and for an existing hypercall, so
 * the same checks lint proposals and produce the conformance report. Each part carries the
 * YAML path it came from, so a finding can be placed at file:line:column.
 */
import { findStruct } from "@xen-abi/abi-core";
import { structDef } from "@xen-abi/abi-core/table";
import type { Proposal } from "../schema/proposal.js";
import type { HypercallEntry } from "../catalog/catalog.js";

export type Path = readonly (string | number)[];

export interface SubjectParam {
  readonly name: string;
  readonly type: string;
  readonly check: string;
  readonly bits?: Readonly<Partial<Record<string, number>>>;
  readonly path: Path;
}

export interface SubjectField {
  readonly name: string;
  readonly ctype: string;
  readonly count?: number;
  readonly flexible?: boolean;
  /** true: Xen rejects nonzero; false: it does not; undefined: the data does not say. */
  readonly zeroChecked?: boolean;
}

export interface SubjectStruct {
  readonly name: string;
  readonly fields: readonly SubjectField[];
  readonly path: Path;
}

export interface SubjectSubop {
  readonly name: string;
  readonly args: readonly { param: string; unused: boolean; checked: boolean }[];
  readonly errors: readonly string[];
  readonly longRunning: boolean;
  readonly continuation: boolean;
  readonly path: Path;
}

export interface RuleSubject {
  readonly kind: "proposal" | "existing";
  readonly name: string;
  readonly number: number | undefined;
  readonly params: readonly SubjectParam[];
  /** The first parameter selects a sub-op (declared sub-ops, or a `cmd`/`op` first parameter). */
  readonly hasSubops: boolean;
  readonly subops: readonly SubjectSubop[];
  readonly structs: readonly SubjectStruct[];
  /** Where flags are carried and what unknown bits do; undefined when the data does not say. */
  readonly flags: readonly { in: string; unknown: "reject" | "ignore"; path: Path }[] | undefined;
  readonly unknownSubop: string | undefined;
  readonly errors: readonly string[];
  readonly preservesArguments: boolean;
  /** For proposals: struct layouts are resolved against these first, then abi-core. */
  readonly localStructs: ReadonlyMap<string, SubjectStruct>;
}

/** A first parameter called cmd or op that is a number (xsm_op's `void *op` is not). */
function selectsSubop(p: { name: string; type: string } | undefined): boolean {
  return p !== undefined && /^(cmd|op)$/.test(p.name) && !/\*\s*$/.test(p.type);
}

export function subjectFromProposal(p: Proposal): RuleSubject {
  const structs: SubjectStruct[] = p.structs.map((s, i) => ({
    name: s.name,
    path: ["structs", i],
    fields: s.fields.map((f) => ({
      name: f.name,
      ctype: f.type,
      ...(f.count !== undefined ? { count: f.count } : {}),
      ...(f.flexible ? { flexible: true } : {}),
      zeroChecked: f.check === "must-be-zero",
    })),
  }));
  return {
    kind: "proposal",
    name: p.name,
    number: p.number,
    params: p.params.map((q, i) => ({
      name: q.name,
      type: q.type,
      check: q.check,
      ...(q.bits !== undefined ? { bits: q.bits } : {}),
      path: ["params", i],
    })),
    hasSubops: p.subops.length > 0 || selectsSubop(p.params[0]),
    subops: p.subops.map((s, i) => ({
      name: s.name,
      args: s.args,
      errors: s.errors.map((e) => e.errno),
      longRunning: s.longRunning,
      continuation: s.continuation,
      path: ["subops", i],
    })),
    structs,
    flags: p.flags.map((f, i) => ({ in: f.in, unknown: f.unknown, path: ["flags", i] })),
    unknownSubop: p.unknownSubop,
    errors: p.errors.map((e) => e.errno),
    preservesArguments: p.preservesArguments,
    localStructs: new Map(structs.map((s) => [s.name, s])),
  };
}

/** Structs an existing hypercall reads or writes, laid out from abi-core's struct table. */
function existingStructs(e: HypercallEntry): SubjectStruct[] {
  const names: { name: string; path: Path }[] = e.doc.structs.map((n, i) => ({
    name: n,
    path: ["structs", i],
  }));
  e.doc.subops?.forEach((s, i) =>
    s.structs?.forEach((n, j) => names.push({ name: n, path: ["subops", i, "structs", j] })),
  );
  const seen = new Set<string>();
  const out: SubjectStruct[] = [];
  for (const { name, path } of names) {
    if (seen.has(name) || findStruct(name) === undefined) continue;
    seen.add(name);
    const def = structDef(name);
    out.push({
      name,
      path,
      fields: def.fields.map((f) => ({
        name: f.name,
        ctype: f.ctype,
        ...(f.count !== undefined ? { count: f.count } : {}),
        ...(f.flexible ? { flexible: true } : {}),
      })),
    });
  }
  return out;
}

export function subjectFromEntry(e: HypercallEntry): RuleSubject {
  const doc = e.doc;
  return {
    kind: "existing",
    name: e.name,
    number: e.number,
    params: e.params.map((q, i) => ({
      name: q.name,
      type: q.type,
      check: q.check,
      path: ["params", i],
    })),
    hasSubops: (doc.subops?.length ?? 0) > 0 || selectsSubop(e.params[0]),
    subops: (doc.subops ?? []).map((s, i) => ({
      name: s.name,
      args: [],
      errors: (s.errors ?? []).map((x) => x.errno),
      longRunning: false,
      continuation: false,
      path: ["subops", i],
    })),
    structs: existingStructs(e),
    flags: undefined,
    unknownSubop: doc.unknownSubop,
    errors: [
      ...doc.errors.map((x) => x.errno),
      ...(doc.subops ?? []).flatMap((s) => (s.errors ?? []).map((x) => x.errno)),
    ],
    preservesArguments: false,
    localStructs: new Map(),
  };
}
