/**
 * The one place the site couples to @xen-abi/abi-core and @xen-abi/guidelines: at build time
 * (the local plugin's loadContent) it turns their tables into the JSON shapes of types.ts.
 * Nothing here is written by hand: every number, register, layout and rule comes from the
 * packages, every scenario from examples/scenarios/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type * as AbiCore from "@xen-abi/abi-core";
import type * as Guidelines from "@xen-abi/guidelines";
import type { GuestMode, GuestType, HypercallRecord, Release, XenArch } from "@xen-abi/abi-core";
import type { HypercallDoc } from "@xen-abi/guidelines";
import type {
  ArgCell,
  RuleInfo,
  ConformanceCell,
  ErrorInfo,
  HypercallPageData,
  HypercallRow,
  ModeCall,
  ModePageData,
  ReleaseChange,
  ScenarioSource,
  SiteContent,
  StructInfo,
  SubopInfo,
} from "./types.js";

/**
 * The packages, loaded with Node's own require: jiti, which loads the Docusaurus config and
 * this file, cannot evaluate zod's ESM build. Set by loadSiteContent before anything runs.
 */
let A: typeof AbiCore;
let G: typeof Guidelines;
let NEWEST: Release;

/** Node's own require, which loads ES modules synchronously from Node 20.19. */
function loadPackages(siteDir: string): void {
  const req = createRequire(join(siteDir, "package.json"));
  A = req("@xen-abi/abi-core") as typeof AbiCore;
  G = req("@xen-abi/guidelines") as typeof Guidelines;
  NEWEST = A.NEWEST_RELEASE;
}

/** The rows of the per-mode table: each guest mode on each Xen build that runs it. */
const modeRows = (): { mode: GuestMode; arch: XenArch }[] =>
  A.GUEST_MODES.flatMap((mode) => A.MODE_INFO[mode].xenArches.map((arch) => ({ mode, arch })));

/** The playground's starting points, by file name (issue 5: Argo round trip, stale top half, debug poisoning). */
const STARTERS: readonly RegExp[] = [/^argo.*\.ya?ml$/, /upper-bits-4\.16/, /debug-poison-arm64/];

const errnoValues = (): Readonly<Record<string, number>> =>
  Object.fromEntries(
    Object.entries(A.ERRNO_NAMES).map(([v, n]) => [n.replace(/^-/, ""), Math.abs(Number(v))]),
  );

function hex(n: number, digits = 8): string {
  return `0x${(n >>> 0).toString(16).padStart(digits, "0")}`;
}

/**
 * One row per argument: the guidelines' per-mode facts (derived from the dispatcher's own
 * narrowing rules) for this mode on this Xen, plus the hypercall document's note for the mode.
 */
function argCells(
  mode: GuestMode,
  arch: XenArch,
  params: readonly { name: string; type: string }[],
  doc: HypercallDoc | undefined,
): ArgCell[] {
  const info = A.MODE_INFO[mode];
  return params.map((p, i) => {
    const d = doc?.params.find((q) => q.name === p.name);
    const facts = G.argFacts(i, p.type, mode, d?.check === "range-checked", arch);
    const note = d?.modes?.[mode];
    return {
      index: i + 1,
      param: p.name,
      ctype: p.type,
      register: facts.register,
      registerBits: info.bits,
      handling: `${facts.handling}: ${facts.summary}`,
      ...(note !== undefined && { note }),
    };
  });
}

function modeCalls(h: HypercallRecord, doc: HypercallDoc | undefined): ModeCall[] {
  return modeRows().map(({ mode, arch }) => {
    const info = A.MODE_INFO[mode];
    const entry = A.dispatchTable(NEWEST, arch, info.guestType)[h.number];
    const base = {
      mode,
      xen: arch,
      numberReg: info.numberReg,
      resultReg: info.resultReg,
      instruction: info.instruction,
    };
    if (!entry) return { ...base, handler: null, nargs: 0, args: [] };
    return {
      ...base,
      handler: `${entry.prototype.rettype} ${entry.handler}`,
      nargs: entry.nargs,
      args: argCells(mode, arch, entry.prototype.params, doc),
    };
  });
}

function prototypes(h: HypercallRecord): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of ["pv64", "pv32", "hvm64", "hvm32", "arm"] as GuestType[]) {
    const cell = A.cellAt(h, NEWEST, g);
    if (!cell || seen.has(cell.prefix)) continue;
    seen.add(cell.prefix);
    const p = A.prototypeAt(h, NEWEST, cell.prefix);
    if (p)
      out.push(
        `${p.rettype} ${cell.prefix}_${h.name}(${p.params.map((x) => `${x.type}${x.type.endsWith("*") ? "" : " "}${x.name}`).join(", ") || "void"})`,
      );
  }
  return out;
}

/** Per release, what each guest type dispatches; a change between releases is a difference. */
function releaseChanges(h: HypercallRecord): ReleaseChange[] {
  const out: ReleaseChange[] = [];
  let prev: Record<string, string> | undefined;
  for (const r of A.RELEASES as readonly Release[]) {
    const now: Record<string, string> = {};
    for (const g of ["pv32", "pv64", "hvm32", "hvm64", "arm"] as GuestType[]) {
      const cell = A.cellAt(h, r, g);
      now[g] = cell ? `${cell.prefix}_${h.name}, ${A.nargsAt(h, r, g) ?? "?"} args` : "none";
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

export function structInfo(name: string): StructInfo | undefined {
  const def = A.findStruct(name);
  if (!def) return undefined;
  let layouts;
  try {
    layouts = A.layoutsByTarget(def.name);
  } catch {
    return undefined;
  }
  const targets = A.C_TARGETS.map((t) => ({
    target: t,
    size: layouts[t].size,
    align: layouts[t].align,
  }));
  const fields = def.fields.map((f) => ({
    name: f.name,
    ctype: f.count ? `${f.ctype}[${f.count}]` : f.flexible ? `${f.ctype}[]` : f.ctype,
    meaning: f.meaning,
    at: Object.fromEntries(
      A.C_TARGETS.map((t) => {
        const fl = layouts[t].fields.find((x) => x.name === f.name);
        return [t, [fl?.offset ?? 0, fl?.size ?? 0] as const];
      }),
    ),
  }));
  const sig = (t: string) =>
    JSON.stringify(
      [layouts[t as never], fields.map((f) => f.at[t])].map(
        (x) => x && (x as { size?: number }).size,
      ),
    );
  const uniform = A.C_TARGETS.every(
    (t) =>
      sig(t) === sig(A.C_TARGETS[0]!) &&
      JSON.stringify(fields.map((f) => f.at[t])) ===
        JSON.stringify(fields.map((f) => f.at[A.C_TARGETS[0]!])),
  );
  return {
    name: def.name,
    header: def.header,
    summary: def.summary,
    ...(def.xlat && { xlat: def.xlat }),
    targets,
    fields,
    uniform,
  };
}

function errorInfo(e: { errno: string; when: string }): ErrorInfo {
  const value = errnoValues()[e.errno];
  return { errno: e.errno, when: e.when, ...(value !== undefined && { value }) };
}

/** Hypercall numbers each example scenario issues, by the mode's number register. */
function scenarioHypercalls(text: string, file: string): Set<number> {
  const out = new Set<number>();
  const sc = A.parseScenario(text, file);
  const modeOf = new Map(sc.domains.map((d) => [d.id, d.mode]));
  for (const s of sc.steps) {
    if (s.op === "createDomain") modeOf.set(s.config.id, s.config.mode);
    if (s.op !== "hypercall") continue;
    const mode = modeOf.get(s.domain);
    const reg = mode && s.regs.find((r) => r.name === A.MODE_INFO[mode].numberReg);
    if (reg) out.add(Number(reg.value));
  }
  return out;
}

type LoadedScenario = { -readonly [K in keyof ScenarioSource]: ScenarioSource[K] } & {
  numbers: number[];
};

export function loadScenarios(dir: string): LoadedScenario[] {
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const out: LoadedScenario[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    try {
      const numbers = [...scenarioHypercalls(text, file)];
      const name = A.parseScenario(text, file).name ?? file;
      out.push({ file, name, text, starter: false, numbers });
    } catch (e) {
      // A scenario a colleague is still writing: leave it out rather than fail the build.
      console.warn(`[xen-abi-pages] skipping ${file}: ${(e as Error).message}`);
    }
  }
  for (const re of STARTERS) {
    const hit = out.find((s) => re.test(s.file));
    if (hit) hit.starter = true;
  }
  return out;
}

function hypercallPage(
  h: HypercallRecord,
  g: GuidelinesView,
  scenarios: ReturnType<typeof loadScenarios>,
): HypercallPageData {
  const doc = g.doc(h.name);
  const conformance = g.conformance(h.name);
  const guestTypes = (["pv32", "pv64", "hvm32", "hvm64", "arm"] as GuestType[]).filter((t) =>
    A.cellAt(h, NEWEST, t),
  );
  const row: HypercallRow = {
    number: h.number,
    name: h.name,
    status: h.status,
    summary: h.summary,
    guestTypes,
    ...(h.firstRelease && { firstRelease: h.firstRelease }),
    ...(h.lastRelease && { lastRelease: h.lastRelease }),
    breaks: conformance ? conformance.filter((c) => c.status === "fail").map((c) => c.rule) : null,
    documented: doc !== undefined,
  };
  const subops: SubopInfo[] = (doc?.subops ?? []).map((s) => ({
    name: s.name,
    value: s.value,
    ...(s.summary && { summary: s.summary }),
    args: s.args ?? [],
    structs: s.structs ?? [],
    errors: (s.errors ?? []).map(errorInfo),
    ...(s.since && { since: s.since }),
  }));
  const docScenarios = (doc?.examples ?? []).flatMap((e) =>
    e.kind === "scenario" ? [e.path.replace(/^examples\/scenarios\//, "")] : [],
  );
  const structNames = [...new Set([...(doc?.structs ?? []), ...subops.flatMap((s) => s.structs)])];
  const structs = structNames.map(structInfo).filter((s): s is StructInfo => s !== undefined);
  return {
    row,
    aliases: h.aliases,
    ...(doc?.purpose && { purpose: doc.purpose }),
    ...(h.config && { config: h.config }),
    prototypes: prototypes(h),
    params: (doc?.params ?? []).map((p) => ({
      name: p.name,
      meaning: p.meaning,
      direction: p.direction,
      check: p.check,
    })),
    modes: modeCalls(h, doc),
    ...(doc?.subopPrefix && { subopPrefix: doc.subopPrefix }),
    subops,
    structs,
    errors: (doc?.errors ?? []).map(errorInfo),
    conformance,
    releases: [...(doc?.releases ?? []), ...releaseChanges(h)].sort((a, b) =>
      a.release.localeCompare(b.release, "en", { numeric: true }),
    ),
    quirks: doc?.quirks ?? [],
    examples: (doc?.examples ?? []).flatMap((e) =>
      e.kind === "typescript" ? [{ id: e.id, title: e.title, code: e.code, expect: e.expect }] : [],
    ),
    scenarios: scenarios
      .filter((s) => s.numbers.includes(h.number) || docScenarios.includes(s.file))
      .map((s) => ({ file: s.file, name: s.name })),
  };
}

function modePage(mode: GuestMode): ModePageData {
  const info = A.MODE_INFO[mode];
  const arm = info.family === "arm";
  const poison = arm
    ? {
        args: hex(A.ARM_POISON),
        number: hex(A.ARM_POISON),
        note: "arm/traps.c do_trap_hypercall: arguments 2..n and the number register; x0/r0 keeps the result",
      }
    : info.bits === 64
      ? {
          args: `0x${A.X86_POISON_64_HI.toString(16)}${A.X86_POISON_64_LO.toString(16)}`,
          number: null,
          note: "x86 hypercall.h clobber_regs: each argument register the call takes; rax keeps the result",
        }
      : {
          args: hex(A.X86_POISON_32),
          number: null,
          note: "x86 hypercall.h clobber_regs (compat): each argument register the call takes; eax keeps the result",
        };
  const arch: XenArch = info.xenArches[0]!;
  const table = A.dispatchTable(NEWEST, arch, info.guestType);
  return {
    mode,
    family: info.family,
    bits: info.bits,
    guestType: info.guestType,
    xenArches: info.xenArches,
    cTarget: info.cTarget,
    instruction: info.instruction,
    instructionBytes: info.instructionBytes,
    numberReg: info.numberReg,
    argRegs: info.argRegs,
    resultReg: info.resultReg,
    pcReg: info.pcReg,
    registers: info.registers.map((r) => ({ name: r.name, bits: r.bits })),
    poison,
    handleParamBytes: info.handleParamBytes,
    handleStructBytes: info.handleStructBytes,
    hypercalls: table
      .filter((e) => e !== undefined)
      .map((e) => ({ number: e!.number, name: e!.name, nargs: e!.nargs })),
  };
}

/** Everything the site's generated pages show. `root` is the repository root. */
export async function loadSiteContent(root: string, siteDir: string): Promise<SiteContent> {
  loadPackages(siteDir);
  const g = loadGuidelines();
  const scenarios = loadScenarios(join(root, "examples", "scenarios"));
  return {
    hypercalls: A.HYPERCALLS.map((h) => hypercallPage(h, g, scenarios)),
    modes: A.GUEST_MODES.map(modePage),
    rules: g.rules(),
    scenarios: scenarios.map(({ numbers: _n, ...s }) => s),
    newestRelease: NEWEST,
    releases: [...A.RELEASES],
  };
}

// ---- @xen-abi/guidelines --------------------------------------------------------------------

export interface GuidelinesView {
  doc(name: string): HypercallDoc | undefined;
  conformance(name: string): ConformanceCell[] | null;
  rules(): RuleInfo[];
}

export function loadGuidelines(): GuidelinesView {
  const catalog = G.loadCatalog(NEWEST);
  const report = G.conformanceReport(NEWEST);
  const conf = new Map<string, ConformanceCell[]>(
    report.rows.map((row) => [
      row.name,
      row.cells.map((c) => {
        const note = c.note ?? (c.findings.length > 0 ? c.findings.join("; ") : undefined);
        return { rule: c.ruleId, status: c.status, ...(note !== undefined && { note }) };
      }),
    ]),
  );
  const rules: RuleInfo[] = G.RULES.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.rationale,
    source: r.source,
    automatic: r.automatic,
    good: [{ title: "follows the rule", code: r.good }],
    bad: [{ title: "breaks the rule", code: r.bad }],
    // What the linter says about the bad example: the rule's own findings.
    badFindings: G.lintProposal(r.bad, "bad.yaml")
      .messages.filter((m) => m.ruleId === r.id)
      .map(G.formatMessage),
    breakers: report.rows
      .filter((row) => row.cells.some((c) => c.ruleId === r.id && c.status === "fail"))
      .map((row) => row.name),
  }));
  return {
    doc: (name) => catalog.byName(name)?.doc,
    conformance: (name) => conf.get(name) ?? null,
    rules: () => rules,
  };
}
