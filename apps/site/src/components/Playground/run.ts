/**
 * Run a scenario in the browser and gather what the playground shows: each step's result,
 * registers before (the dispatcher's entry snapshot) and after, and the final bytes of every
 * guest memory range the scenario wrote or read (read back by extra read steps appended to it).
 */
import type { AbiCore } from "../../data/client";

type StepResult = ReturnType<AbiCore["runScenario"]>["steps"][number];
type Scenario = ReturnType<AbiCore["parseScenario"]>;

export interface MemoryRegion {
  readonly domain: number;
  readonly addr: number;
  readonly bytes: string;
}

/** What a read step shows: its address, and the fields its expectation names with their values. */
export interface ReadShown {
  readonly addr: number;
  /** Field name -> unsigned decimal, in the order the step's expect.fields names them. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface PlaygroundRun {
  readonly ok: boolean;
  readonly name?: string;
  readonly steps: readonly (StepResult & { before?: Record<string, string>; shown?: ReadShown })[];
  readonly memory: readonly MemoryRegion[];
}

const MAX_REGION = 256;

function regions(sc: Scenario): { domain: number; addr: number; length: number }[] {
  const alive = new Set(sc.domains.map((d) => d.id));
  const raw: { domain: number; addr: number; length: number }[] = [];
  for (const s of sc.steps) {
    if (s.op === "createDomain") alive.add(s.config.id);
    if (s.op === "destroyDomain") alive.delete(s.domain);
    if (s.op === "write") raw.push({ domain: s.domain, addr: s.addr, length: s.bytes.length });
    if (s.op === "read") raw.push({ domain: s.domain, addr: s.addr, length: s.length });
  }
  // 16-byte rows, merged where they touch, only for domains still alive at the end.
  const rows = raw
    .filter((r) => alive.has(r.domain) && r.length > 0)
    .map((r) => {
      const start = r.addr & ~15;
      const end = Math.min(r.addr + r.length, start + MAX_REGION);
      return { domain: r.domain, addr: start, length: ((end - start + 15) >> 4) << 4 };
    })
    .sort((a, b) => a.domain - b.domain || a.addr - b.addr);
  const out: typeof rows = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (last && last.domain === r.domain && r.addr <= last.addr + last.length)
      last.length = Math.min(MAX_REGION, Math.max(last.length, r.addr + r.length - last.addr));
    else out.push({ ...r });
  }
  return out;
}

export function runInBrowser(abi: AbiCore, text: string): PlaygroundRun {
  const sc = abi.parseScenario(text, "scenario.yaml");
  const regs = regions(sc);
  const extra = regs.map((r, i) => ({
    op: "read" as const,
    index: sc.steps.length + i,
    domain: r.domain,
    addr: r.addr,
    length: r.length,
    expect: {},
  }));
  const res = abi.runScenario({ ...sc, steps: [...sc.steps, ...extra] } as Scenario, {
    trace: true,
  });
  const steps = res.steps.slice(0, sc.steps.length).map((s, i) => {
    const entry = s.trace?.find((e) => e.kind === "entry");
    const withRegs = entry && entry.kind === "entry" ? { ...s, before: entry.regs } : s;
    const step = sc.steps[i]!;
    if (step.op !== "read" || s.read === undefined) return withRegs;
    // A struct read shows the fields its expectation names (shared_info_t's wc_version), not
    // only kilobytes of hex.
    const got = s.read.fields ?? {};
    const fields = Object.keys(step.expect.fields ?? {}).flatMap((f) =>
      got[f] === undefined ? [] : [[f, got[f]] as const],
    );
    return { ...withRegs, shown: { addr: step.addr, fields } };
  });
  const memory = res.steps.slice(sc.steps.length).map((s, i) => ({
    domain: regs[i]!.domain,
    addr: regs[i]!.addr,
    bytes: s.read?.bytes ?? "",
  }));
  return {
    ok: steps.every((s) => s.ok),
    ...(res.name !== undefined && { name: res.name }),
    steps,
    memory,
  };
}
