/**
 * `exportDocument(release)`: one JSON document for other tools (schemaVersion 1). Hypercalls
 * with per-guest-type availability and per-mode argument registers and widths; structs laid
 * out per guest mode by abi-core.
 */
import {
  GUEST_TYPES,
  STRUCTS,
  layoutOf,
  releaseAtLeast,
  NEWEST_RELEASE,
  type GuestMode,
  type GuestType,
  type Release,
  type ReleaseRef,
} from "@xen-abi/abi-core";
import { layoutSummary, type LayoutSummary } from "@xen-abi/abi-core/abi";
import { type HandlerPrefix } from "@xen-abi/abi-core/table";
import { loadCatalog } from "../catalog/load.js";
import { EXPORT_MODES, type BitHandling } from "../catalog/arg-facts.js";
import type { DocStatus } from "../catalog/status.js";
import type { HypercallEntry } from "../catalog/catalog.js";

export interface ExportedArg {
  readonly name: string;
  readonly type: string;
  readonly meaning: string;
  readonly direction: string;
  readonly registers: Readonly<Record<GuestMode, string>>;
  readonly bits: Readonly<Record<GuestMode, number>>;
  readonly handling: Readonly<Record<GuestMode, BitHandling>>;
}

export interface ExportedHypercall {
  readonly name: string;
  readonly number: number;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly purpose: string;
  readonly status: DocStatus;
  readonly removedIn: Release | null;
  readonly releases: readonly Release[];
  readonly config: string | null;
  readonly availability: Readonly<Record<GuestType, HandlerPrefix | null>>;
  readonly nargs: Readonly<Record<GuestType, number | null>>;
  readonly rettype: string | null;
  readonly args: readonly ExportedArg[];
  readonly subops: readonly {
    name: string;
    value: number;
    summary: string | null;
    errors: readonly { errno: string; when: string }[];
  }[];
  readonly errors: readonly { errno: string; when: string }[];
  readonly structs: readonly string[];
}

export interface ExportDocument {
  readonly schemaVersion: 1;
  readonly release: Release;
  readonly modes: readonly GuestMode[];
  readonly guestTypes: readonly GuestType[];
  readonly hypercalls: readonly ExportedHypercall[];
  readonly structs: Readonly<Record<string, Readonly<Record<GuestMode, LayoutSummary>>>>;
}

function perMode<T>(f: (m: GuestMode) => T): Record<GuestMode, T> {
  return Object.fromEntries(EXPORT_MODES.map((m) => [m, f(m)])) as Record<GuestMode, T>;
}

/** One hypercall as the export (and `xen-abi show --json`) gives it. */
export function exportHypercall(e: HypercallEntry): ExportedHypercall {
  return {
    name: e.name,
    number: e.number,
    aliases: e.aliases,
    summary: e.summary,
    purpose: e.doc.purpose,
    status: e.status,
    removedIn: e.removedIn ?? null,
    releases: e.releases,
    config: e.config ?? null,
    availability: e.availability,
    nargs: e.nargs,
    rettype: e.prototype?.rettype ?? null,
    args: e.params.map((p) => ({
      name: p.name,
      type: p.type,
      meaning: p.meaning,
      direction: p.direction,
      registers: perMode((m) => p.perMode[m].register),
      bits: perMode((m) => p.perMode[m].bits),
      handling: perMode((m) => p.perMode[m].handling),
    })),
    subops: (e.doc.subops ?? []).map((s) => ({
      name: s.name,
      value: s.value,
      summary: s.summary ?? null,
      errors: s.errors ?? [],
    })),
    errors: e.doc.errors.map(({ errno, when }) => ({ errno, when })),
    structs: e.doc.structs,
  };
}

export function exportDocument(ref: ReleaseRef = NEWEST_RELEASE): ExportDocument {
  const catalog = loadCatalog(ref);
  const release = catalog.release;
  const hypercalls = catalog.entries.map(exportHypercall);
  const structs: Record<string, Record<GuestMode, LayoutSummary>> = {};
  // A struct a later header added is not in this release's export.
  for (const s of STRUCTS.filter((x) => x.since === undefined || releaseAtLeast(release, x.since)))
    structs[s.name] = perMode((m) => layoutSummary(layoutOf(s.name, m)));
  return {
    schemaVersion: 1,
    release,
    modes: EXPORT_MODES,
    guestTypes: GUEST_TYPES,
    hypercalls,
    structs,
  };
}
