/**
 * A hypercall's page: the catalog entry (abi-core's facts joined with the YAML document) laid out
 * as the page shows it. Per-mode argument facts come from argFacts, the same function the export
 * and `xen-abi show` use, so the page and the CLI cannot disagree.
 */
import { runsOnMachine } from "./modelled.js";
import {
  ERRNO_NAMES,
  GUEST_MODES,
  GUEST_TYPES,
  MODE_INFO,
  RELEASES,
  releaseAtLeast,
  withinSpan,
  type GuestMode,
  type GuestType,
  type Release,
  type XenArch,
} from "@xen-abi/abi-core";
import { cellAt, dispatchTable, nargsAt, prototypeAt } from "@xen-abi/abi-core/table";
import { argFacts } from "../catalog/arg-facts.js";
import { topHalfFacts } from "../catalog/top-halves.js";
import type { HypercallEntry } from "../catalog/catalog.js";
import type { HypercallDoc } from "../schema/hypercall-doc.js";
import { behaviourFacts, factSpan } from "./release-facts.js";
import type { ScenarioWithCalls } from "./scenarios.js";
import { structInfo } from "./structs.js";
import type {
  ArgCell,
  ConformanceCell,
  ErrorInfo,
  HypercallModel,
  HypercallPageData,
  ModeCall,
  ReleaseChange,
  StructInfo,
  SubopModel,
} from "./types.js";

/** The rows of the per-mode table: each guest mode on each Xen build that runs it. */
export const modeRows = (): { mode: GuestMode; arch: XenArch }[] =>
  GUEST_MODES.flatMap((mode) => MODE_INFO[mode].xenArches.map((arch) => ({ mode, arch })));

/** Errno name (EINVAL) -> its positive value. */
function errnoValue(name: string): number | undefined {
  for (const [v, n] of Object.entries(ERRNO_NAMES))
    if (n.replace(/^-/, "") === name) return Math.abs(Number(v));
  return undefined;
}

function errorInfo(e: { errno: string; when: string }): ErrorInfo {
  const value = errnoValue(e.errno);
  return { errno: e.errno, when: e.when, ...(value !== undefined && { value }) };
}

function argCells(
  number: number,
  mode: GuestMode,
  arch: XenArch,
  params: readonly { name: string; type: string }[],
  doc: HypercallDoc,
): ArgCell[] {
  return params.map((p, i) => {
    const d = doc.params.find((q) => q.name === p.name);
    const facts = argFacts(i, p.type, mode, d?.check === "range-checked", arch);
    // A document's note for a mode describes it on the mode's first Xen (AArch32 on arm64):
    // an AArch32 guest on arm32 Xen has no top halves for it to talk about.
    const note = arch === MODE_INFO[mode].xenArches[0] ? d?.modes?.[mode] : undefined;
    return {
      index: i + 1,
      param: p.name,
      ctype: p.type,
      ...facts,
      ...(note !== undefined && { note }),
      topHalf: topHalfFacts(number, i, mode, arch),
    };
  });
}

function modeCalls(e: HypercallEntry): ModeCall[] {
  return modeRows().map(({ mode, arch }) => {
    const info = MODE_INFO[mode];
    const at = (r: Release) => dispatchTable(r, arch, info.guestType)[e.number];
    const entry = at(e.release);
    const key = (r: Release) => {
      const x = at(r);
      return x ? `${x.handler}/${x.nargs}` : "none";
    };
    const base = {
      mode,
      xen: arch,
      numberReg: info.numberReg,
      resultReg: info.resultReg,
      instruction: info.instruction,
      span: factSpan(e.release, key),
    };
    if (!entry) return { ...base, handler: null, nargs: 0, args: [] };
    return {
      ...base,
      handler: `${entry.prototype.rettype} ${entry.handler}`,
      nargs: entry.nargs,
      args: argCells(e.number, mode, arch, entry.prototype.params, e.doc),
    };
  });
}

/** One C prototype per handler family (do_, compat_, hvm_...). */
function prototypes(e: HypercallEntry): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of ["pv64", "pv32", "hvm64", "hvm32", "arm"] as GuestType[]) {
    const cell = cellAt(e.record, e.release, g);
    if (!cell || seen.has(cell.prefix)) continue;
    seen.add(cell.prefix);
    const p = prototypeAt(e.record, e.release, cell.prefix);
    if (!p) continue;
    const params = p.params.map((x) => `${x.type}${x.type.endsWith("*") ? "" : " "}${x.name}`);
    out.push(`${p.rettype} ${cell.prefix}_${e.name}(${params.join(", ") || "void"})`);
  }
  return out;
}

/** Per release, what each guest type dispatches; a change between releases is a difference. */
function releaseChanges(e: HypercallEntry): ReleaseChange[] {
  const out: ReleaseChange[] = [];
  let prev: Record<string, string> | undefined;
  for (const r of RELEASES as readonly Release[]) {
    const now: Record<string, string> = {};
    for (const g of ["pv32", "pv64", "hvm32", "hvm64", "arm"] as GuestType[]) {
      const cell = cellAt(e.record, r, g);
      const n = nargsAt(e.record, r, g);
      now[g] = cell ? `${cell.prefix}_${e.name}, ${n ?? "?"} arg${n === 1 ? "" : "s"}` : "none";
    }
    if (prev) {
      for (const g of Object.keys(now)) {
        if (now[g] !== prev[g]) out.push({ release: r, change: `${g}: ${prev[g]} → ${now[g]}` });
      }
    }
    prev = now;
  }
  return out;
}

/** The machine's record of `e`, sub-ops in number order (the release's only). */
function modelOf(e: HypercallEntry): HypercallModel {
  const r = e.model;
  if (r === undefined) return { handled: false, runs: [], unmodelled: [] };
  // One rule for a span, the release diff's: an `until` naming a line covers its point releases.
  const subops = r.subops
    .filter((s) => withinSpan(e.release, s))
    .sort((a, b) => a.number - b.number);
  const item = (s: (typeof subops)[number]): SubopModel => ({
    name: s.name,
    number: s.number,
    ...(s.since !== undefined && { since: s.since }),
  });
  return {
    handled: true,
    runs: subops.filter((s) => s.modelled).map(item),
    unmodelled: subops.filter((s) => !s.modelled).map(item),
  };
}

export function hypercallPage(
  e: HypercallEntry,
  conformance: ConformanceCell[] | null,
  scenarios: readonly ScenarioWithCalls[],
): HypercallPageData {
  const doc = e.doc;
  const guestTypes = GUEST_TYPES.filter((t) => e.availability[t] !== null);
  const subops = (doc.subops ?? []).map((s) => ({
    name: s.name,
    value: s.value,
    ...(s.summary && { summary: s.summary }),
    args: s.args ?? [],
    structs: s.structs ?? [],
    errors: (s.errors ?? []).map(errorInfo),
    ...(s.since && { since: s.since }),
    modelled: e.model?.subops.find((m) => m.name === s.name)?.modelled ?? false,
  }));
  // The document's own scenario examples, file name -> its title for them.
  const docScenarios = new Map(
    doc.examples.flatMap((x) =>
      x.kind === "scenario"
        ? [[x.path.replace(/^examples\/scenarios\//, ""), x.title] as const]
        : [],
    ),
  );
  const structNames = [...new Set([...doc.structs, ...subops.flatMap((s) => s.structs)])];
  const structs = structNames
    .map(structInfo)
    .filter((s): s is StructInfo => s !== undefined)
    .filter((s) => s.since === undefined || releaseAtLeast(e.release, s.since as Release));
  return {
    row: {
      number: e.number,
      name: e.name,
      status: e.status,
      summary: e.summary,
      guestTypes,
      ...(e.record.firstRelease && { firstRelease: e.record.firstRelease }),
      ...(e.record.lastRelease && { lastRelease: e.record.lastRelease }),
      breaks: conformance
        ? conformance.filter((c) => c.status === "fail").map((c) => c.rule)
        : null,
      documented: true,
      aliases: e.aliases,
      nargs: e.prototype?.params.length ?? doc.params.length,
      ...runsOnMachine(e),
    },
    aliases: e.aliases,
    ...(doc.purpose && { purpose: doc.purpose }),
    ...(e.config && { config: e.config }),
    prototypes: prototypes(e),
    params: doc.params.map((p) => ({
      name: p.name,
      meaning: p.meaning,
      direction: p.direction,
      check: p.check,
    })),
    modes: modeCalls(e),
    ...(doc.subopPrefix && { subopPrefix: doc.subopPrefix }),
    subops,
    model: modelOf(e),
    structs,
    errors: doc.errors.map(errorInfo),
    conformance,
    releases: [...doc.releases, ...releaseChanges(e)].sort((a, b) =>
      a.release.localeCompare(b.release, "en", { numeric: true }),
    ),
    quirks: doc.quirks,
    examples: doc.examples.flatMap((x) =>
      x.kind === "typescript" ? [{ id: x.id, title: x.title, code: x.code, expect: x.expect }] : [],
    ),
    // The document's examples first, in its order and with its titles; then the others.
    scenarios: [
      ...[...docScenarios].flatMap(([file, title]) => {
        const s = scenarios.find((x) => x.file === file);
        return s ? [{ file, name: s.name, title }] : [];
      }),
      ...scenarios
        .filter((s) => s.numbers.includes(e.number) && !docScenarios.has(s.file))
        .map((s) => ({ file: s.file, name: s.name })),
    ],
    release: e.release,
    behaviour: behaviourFacts(e.release, { hypercall: e.name }),
  };
}
