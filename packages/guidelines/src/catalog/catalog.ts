/**
 * The catalog: every hypercall in abi-core's table joined with its YAML document. Facts come
 * from abi-core; the YAML adds meaning. Any place where a document contradicts abi-core (a
 * number, a parameter's name or type, an unknown struct or errno) is a message, and so is a
 * table entry without a document or a document without a table entry.
 */
import {
  GUEST_TYPES,
  NEWEST_RELEASE,
  REGISTRY,
  toRelease,
  type GuestMode,
  type GuestType,
  type HypercallModelRecord,
  type HypercallRecord,
  type Registry,
  type Release,
  type ReleaseRef,
} from "@xen-abi/abi-core";
import { cellAt, nargsAt, type HandlerPrefix, type Prototype } from "@xen-abi/abi-core/table";
import { EXPORT_MODES, argFacts, type ModeArgFacts } from "./arg-facts.js";
import { statusOf, type StatusFacts } from "./status.js";
import { checkDocAgainstFacts } from "./consistency.js";
import { errorsAt, linkErrorChecks } from "./release-errors.js";
import { docNameOf, nativePrototype } from "./prototype.js";
export { nativePrototype, docNameOf } from "./prototype.js";
import type { HypercallDoc, ParamDoc } from "../schema/hypercall-doc.js";
import { HypercallDocSchema } from "../schema/hypercall-doc.js";
import { validateYaml } from "../yaml/validate.js";
import { resolvePlaceholders } from "../yaml/placeholders.js";
import type { LintMessage } from "../lint/message.js";
import type { YamlSource } from "../yaml/source.js";

export interface ParamEntry extends ParamDoc {
  /** The type as abi-core's prototype spells it. */
  readonly type: string;
  readonly perMode: Readonly<Record<GuestMode, ModeArgFacts & { readonly note?: string }>>;
}

export interface HypercallEntry extends StatusFacts {
  readonly name: string;
  readonly number: number;
  readonly aliases: readonly string[];
  /** abi-core's one line. */
  readonly summary: string;
  readonly release: Release;
  readonly config: string | undefined;
  readonly availability: Readonly<Record<GuestType, HandlerPrefix | null>>;
  readonly handlers: Readonly<Record<GuestType, string | null>>;
  readonly nargs: Readonly<Record<GuestType, number | null>>;
  /** The native prototype (`do_`, else the first the table has). */
  readonly prototype: Prototype | undefined;
  readonly params: readonly ParamEntry[];
  /** The document; its errors are those `release` makes (catalog/release-errors.ts). */
  readonly doc: HypercallDoc;
  /** The data file it came from. */
  readonly file: string;
  readonly record: HypercallRecord;
  /** The machine's record of it (registry), or undefined: the machine does not model it. */
  readonly model: HypercallModelRecord | undefined;
}

export interface Catalog {
  readonly release: Release;
  readonly entries: readonly HypercallEntry[];
  /** Schema and consistency findings; empty for the shipped data. */
  readonly messages: readonly LintMessage[];
  byName(name: string): HypercallEntry | undefined;
}

function buildParams(doc: HypercallDoc, proto: Prototype | undefined): ParamEntry[] {
  if (!proto) return [];
  return proto.params.map((p, i) => {
    const d = doc.params.find((q) => q.name === p.name) ?? doc.params[i];
    const perMode = {} as Record<GuestMode, ModeArgFacts & { note?: string }>;
    for (const m of EXPORT_MODES) {
      const facts = argFacts(i, p.type, m, d?.check === "range-checked");
      const note = d?.modes?.[m];
      perMode[m] = note === undefined ? facts : { ...facts, note };
    }
    return {
      name: p.name,
      type: p.type,
      meaning: d?.meaning ?? "",
      direction: d?.direction ?? "in",
      check: d?.check ?? "none",
      ...(d?.handling !== undefined ? { handling: d.handling } : {}),
      ...(d?.modes !== undefined ? { modes: d.modes } : {}),
      ...(d?.callerMust !== undefined ? { callerMust: d.callerMust } : {}),
      perMode,
    };
  });
}

function entryOf(
  h: HypercallRecord,
  doc: HypercallDoc,
  file: string,
  release: Release,
  model: HypercallModelRecord | undefined,
): HypercallEntry {
  const availability = {} as Record<GuestType, HandlerPrefix | null>;
  const handlers = {} as Record<GuestType, string | null>;
  const nargs = {} as Record<GuestType, number | null>;
  for (const g of GUEST_TYPES) {
    const cell = cellAt(h, release, g);
    availability[g] = cell?.prefix ?? null;
    handlers[g] = cell ? `${cell.prefix}_${h.name}` : null;
    nargs[g] = nargsAt(h, release, g) ?? null;
  }
  const prototype = nativePrototype(h, release);
  return {
    name: h.name,
    number: h.number,
    aliases: h.aliases,
    summary: h.summary,
    release,
    config: h.config,
    ...statusOf(h),
    availability,
    handlers,
    nargs,
    prototype,
    params: buildParams(doc, prototype),
    doc,
    file,
    record: h,
    model,
  };
}

/**
 * Build the catalog from hypercall documents (file -> YAML text). Placeholders are resolved
 * from the registry's records first (an unknown one is an error); documents that fail the
 * schema are reported and left out; the rest are checked against abi-core and the records.
 * `registry`: default abi-core's; pass one with more records (a made-up hypercall) to see it
 * in the catalog.
 */
export function buildCatalog(
  sources: Readonly<Record<string, string>>,
  ref: ReleaseRef = NEWEST_RELEASE,
  registry: Registry = REGISTRY,
): Catalog {
  const release = toRelease(ref);
  const messages: LintMessage[] = [];
  const docs = new Map<string, { doc: HypercallDoc; file: string; source: YamlSource }>();
  const invalid = new Set<string>();
  for (const [file, raw] of Object.entries(sources)) {
    const resolved = resolvePlaceholders(raw, file, registry);
    messages.push(...resolved.messages);
    // With an unknown placeholder left in, the schema's complaints about it would be noise.
    const v = validateYaml(resolved.text, file, HypercallDocSchema);
    if (resolved.messages.length === 0) messages.push(...v.messages);
    if (v.data === undefined || resolved.messages.length > 0) {
      invalid.add(docNameOf(file));
      continue;
    }
    const linked = linkErrorChecks(v.data, raw);
    messages.push(...checkDocAgainstFacts(linked, v.source, file, registry));
    const doc = errorsAt(linked, release, registry);
    docs.set(v.data.name, { doc, file, source: v.source });
  }
  const entries: HypercallEntry[] = [];
  for (const h of registry.hypercalls) {
    const d = docs.get(h.name);
    if (d === undefined) {
      // An invalid document was reported already.
      if (invalid.has(h.name)) continue;
      messages.push({
        file: `data/hypercalls/${h.name}.yaml`,
        line: 1,
        column: 1,
        ruleId: "missing-doc",
        message: `hypercall ${h.name} (${h.number}) is in abi-core's table but has no document`,
        severity: "error",
      });
      continue;
    }
    entries.push(entryOf(h, d.doc, d.file, release, registry.record(h.name)));
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  return { release, entries, messages, byName: (n) => byName.get(n) };
}
