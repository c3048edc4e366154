/**
 * Finding a hypercall, sub-op or release from what a user typed: a name, an alias, the
 * `__HYPERVISOR_*` macro, a number in decimal or hex, or a sub-op's header name. A miss is one
 * line naming the value, the nearest names (did you mean) and, for a release, the modelled ones.
 */
import {
  RELEASES,
  RELEASE_LINES,
  nearestNames,
  parseRelease,
  type Release,
} from "@xen-abi/abi-core";
import { lastOfLine, lineOfUntagged, releaseLine } from "@xen-abi/abi-core/machine";
import type { Catalog, HypercallEntry } from "../catalog/catalog.js";
import type { SubopDoc } from "../schema/hypercall-doc.js";

/** `39` and `0x27`: a non-negative integer in decimal or hex, else undefined. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d+$/.test(t)) return Number(t);
  return undefined;
}

/** A number as every listing prints it: decimal, then hex (`39 (0x27)`). */
export function decHex(n: number): string {
  return `${n} (0x${n.toString(16)})`;
}

/** Up to three of the candidates nearest `word`, sorted: abi-core's measure (nearestNames). */
export function nearest(word: string, candidates: readonly string[]): string[] {
  return nearestNames(word, candidates).sort().slice(0, 3);
}

const didYouMean = (near: readonly string[]): string =>
  near.length === 0 ? "." : `; did you mean ${near.join(", ")}?`;

export type Lookup<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The modelled releases, one range per line: `4.12.0-4.12.4, ..., 4.22.0`. */
export function modelledReleases(): string {
  return RELEASE_LINES.map((line) => {
    const all = RELEASES.filter((r) => releaseLine(r) === line);
    return all.length === 1 ? all[0]! : `${all[0]!}-${all.at(-1)!}`;
  }).join(", ");
}

/**
 * A release from a tag's name ("4.16.1", "RELEASE-4.16.1") or a line ("4.16" is 4.16.0), or an
 * error naming the value, the nearest releases and every modelled one.
 */
export function lookupRelease(s: string): Lookup<Release> {
  const r = parseRelease(s);
  if (r !== undefined) return { ok: true, value: r };
  // A known line's untagged point release: its newest tag, not the nearest spellings
  // (4.16.9 is nearest 4.16.0-4.16.2 by edit distance).
  const line = lineOfUntagged(s);
  const near =
    line !== undefined ? [lastOfLine(line)] : nearest(s, [...RELEASE_LINES, ...RELEASES]);
  return {
    ok: false,
    error: `unknown release '${s}'${didYouMean(near)} Modelled releases: ${modelledReleases()} ("4.16" is 4.16.0).`,
  };
}

export interface HypercallHit {
  readonly entry: HypercallEntry;
  /** Set when the query named a sub-op (its header name) or a sub-op was asked for. */
  readonly subop?: SubopDoc;
}

/** A sub-op of `e` by header name, name without the prefix, or number (decimal or hex). */
export function lookupSubop(e: HypercallEntry, q: string): Lookup<SubopDoc> {
  const subops = e.doc.subops ?? [];
  const prefix = e.doc.subopPrefix ?? "";
  const n = parseNumber(q);
  const hit = subops.find((s) => s.name === q || s.name === prefix + q || s.value === n);
  if (hit) return { ok: true, value: hit };
  const names = subops.map((s) => s.name);
  const near = nearest(q, names).concat(
    nearest(prefix + q, names).filter((x) => !nearest(q, names).includes(x)),
  );
  const known = subops.length === 0 ? "it has no sub-ops" : `its sub-ops: ${names.join(", ")}`;
  return {
    ok: false,
    error:
      near.length === 0
        ? `no sub-op '${q}' in ${e.name}; ${known}`
        : `no sub-op '${q}' in ${e.name}${didYouMean(near.slice(0, 3))}`,
  };
}

/**
 * A hypercall by name (`argo_op`), alias, macro (`__HYPERVISOR_argo_op`), number (`39`, `0x27`),
 * or a sub-op's header name (`XEN_ARGO_OP_sendv`, which also gives the sub-op).
 */
export function lookupHypercall(catalog: Catalog, query: string): Lookup<HypercallHit> {
  const q = query.trim();
  const n = parseNumber(q);
  const name = q.replace(/^__HYPERVISOR_/, "");
  const byNumber = n === undefined ? undefined : catalog.entries.find((e) => e.number === n);
  // The catalog's own entries, so a catalog built with more records finds those too.
  const entry =
    byNumber ?? catalog.entries.find((e) => e.name === name || e.aliases.includes(name));
  if (entry) return { ok: true, value: { entry } };
  if (n !== undefined) {
    const top = Math.max(...catalog.entries.map((e) => e.number));
    return {
      ok: false,
      error: `no hypercall numbered ${decHex(n)} in public/xen.h; numbers run 0 to ${decHex(top)}`,
    };
  }
  for (const e of catalog.entries)
    for (const s of e.doc.subops ?? [])
      if (s.name === q) return { ok: true, value: { entry: e, subop: s } };
  const names = catalog.entries.flatMap((e) => [e.name, ...e.aliases]);
  const subopNames = catalog.entries.flatMap((e) => (e.doc.subops ?? []).map((s) => s.name));
  const near = [...nearest(name, names), ...nearest(q, subopNames)].slice(0, 3);
  return { ok: false, error: `no hypercall '${q}' in public/xen.h${didYouMean(near)}` };
}
