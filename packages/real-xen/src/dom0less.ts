/**
 * A scenario with several domains on arm64 Xen as a dom0less boot (issue 13 item 3): dom0 and
 * one domU per further domain, all built by Xen at boot from nodes under /chosen in the device
 * tree (docs/misc/arm/device-tree/booting.txt "Dom0less"; xen/arch/arm/domain_build.c
 * create_domUs in 4.17, xen/arch/arm/dom0less-build.c in 4.20). Xen numbers the domUs 1, 2,
 * ... in node order, so a scenario whose domains are 0 (or none) and 1..N keeps its ids.
 *
 * Each domain runs its own steps in the test guest. So that the steps run in the file's order
 * across domains, the domains take turns (guest/common/domains.c): a domU suspends itself
 * before each of its runs of consecutive steps, and dom0 resumes it and waits until it is
 * suspended again (or powered off, after its last run) before going on.
 */
import { parseScenario, type Scenario } from "@xen-abi/abi-core";
import { parse as parseYaml } from "yaml";
import type { RealBuild } from "./builds.js";
import { compileSteps, type CompiledSteps } from "./compile.js";
import {
  DOMCTL_INTERFACE_VERSION,
  guestArchFor,
  OP,
  SHUTDOWN,
  type GuestArch,
} from "./guest-abi.js";
import { machineXen } from "./run-real.js";

/** Where QEMU's loader puts dom0's image and each domU's (8 MiB apart: an image is ~5 MiB). */
export const DOM0_IMAGE_ADDR = 0x49000000;
export const domUImageAddr = (domid: number): number => 0x4a000000 + (domid - 1) * 0x800000;
/** At most this many domUs (QEMU's RAM and CPUs here). */
export const MAX_DOMUS = 4;

type Doc = Record<string, unknown>;
type Step = Record<string, unknown>;

export interface DomainRun {
  readonly domid: number;
  readonly guest: GuestArch;
  /** This domain's steps as a scenario of their own (indices 0..), validated. */
  readonly scenario: Scenario;
  /** The file's step index of each of this domain's steps. */
  readonly global: readonly number[];
  readonly compiled: CompiledSteps;
}

export interface Dom0lessPlan {
  readonly original: Scenario;
  /** Why the file cannot run as a dom0less boot (then nothing below is set). */
  readonly cannot?: string;
  /** dom0 first, then domUs 1..N. */
  readonly domains: readonly DomainRun[];
  /** Steps that do not run, by the file's index, with why. */
  readonly skipped: ReadonlyMap<number, string>;
  /** The whole file as the machine runs it: the build's release, debug, config and xsm. */
  readonly scenario?: Scenario;
  readonly cmdline: string;
  readonly notes: readonly string[];
}

const rec = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;

/** Why step `s` cannot run in the test guest of its domain, if it cannot. */
function whyNot(s: Step): string | undefined {
  const op = String(s.op);
  if (op === "setVcpuContext") return "a toolstack domctl on another domain's vCPU";
  if (op === "virqs" || op === "events") return "the test guest binds no event channels or VIRQs";
  if (op === "console") return "a domain's console_io text goes to the serial line, unread";
  if (op !== "hypercall") return undefined;
  if (Number(s.vcpu ?? 0) !== 0) return "each domain runs one vCPU here";
  const imm = s.imm === undefined ? 0xea1 : Number(s.imm);
  if (imm !== 0xea1 && imm !== 0)
    return `hvc #${imm}: the test guest has no exception vectors for the undef`;
  const owned = Object.keys(rec(s.regs) ?? {}).find((r) => ["pc", "sp", "r13", "r14"].includes(r));
  if (owned !== undefined) return `sets ${owned}, which the test guest keeps`;
  return undefined;
}

/** The file as a dom0less boot on `build`; throws ScenarioError for an invalid file. */
export function prepareDom0less(text: string, file: string, build: RealBuild): Dom0lessPlan {
  const original = parseScenario(text, file);
  const none = { original, domains: [], skipped: new Map(), cmdline: "", notes: [] };
  if (build.arch !== "arm64") return { ...none, cannot: "dom0less is Arm's" };
  const doc = parseYaml(text) as Doc;
  const steps = (Array.isArray(doc.steps) ? doc.steps : []).map((s) => rec(s) ?? {});
  if (steps.some((s) => s.op === "createDomain" || s.op === "destroyDomain"))
    return {
      ...none,
      cannot: "creates or destroys a domain at run time; dom0less builds them at boot",
    };
  const declared = (Array.isArray(doc.domains) ? doc.domains : []).map((d) => rec(d) ?? {});
  const ids = declared.map((d) => Number(d.id));
  const domUs = ids.filter((id) => id !== 0).sort((a, b) => a - b);
  if (declared.length < 2) return { ...none, cannot: "one domain: it runs as dom0" };
  if (domUs.some((id, i) => id !== i + 1))
    return {
      ...none,
      cannot: `domains ${domUs.join(", ")}: Xen numbers dom0less domUs 1, 2, ... in device-tree order`,
    };
  if (domUs.length > MAX_DOMUS) return { ...none, cannot: `more than ${MAX_DOMUS} domUs` };
  if (declared.some((d) => d.argo === false))
    return { ...none, cannot: "a domain with argo: false needs a FLASK policy the builds lack" };
  const modeOf = (id: number) =>
    String(declared.find((d) => Number(d.id) === id)?.mode ?? "aarch64");
  const bad = [0, ...domUs].find(
    (id) => ids.includes(id) && !["aarch64", "aarch32"].includes(modeOf(id)),
  );
  if (bad !== undefined)
    return { ...none, cannot: `domain ${bad} is ${modeOf(bad)}, not an Arm guest` };
  const dom0Vcpus = 1;
  const anyA32 = [0, ...domUs].some((id) => ids.includes(id) && modeOf(id) === "aarch32");
  const { xen, notes } = machineXen(doc.xen, build, dom0Vcpus, anyA32);
  const scenario = parseScenario(JSON.stringify({ ...doc, xen }), file);
  const iv = DOMCTL_INTERFACE_VERSION[build.release];
  if (iv === undefined)
    return { ...none, cannot: `no domctl interface version for ${build.release}` };

  // The steps that run, by domain, and the turns: runs of consecutive steps of one domain.
  const skipped = new Map<number, string>();
  const mine = new Map<number, number[]>([0, ...domUs].map((id) => [id, []]));
  const turns: { domid: number; first: number }[] = [];
  steps.forEach((s, i) => {
    const why = whyNot(s);
    if (why !== undefined) return skipped.set(i, why);
    const d = Number(s.domain);
    mine.get(d)?.push(i);
    if (turns.at(-1)?.domid !== d) turns.push({ domid: d, first: i });
  });
  const lastTurn = new Map(turns.map((t) => [t.domid, t.first]));
  const seen = new Set<number>();
  /** dom0's words for a domU's turn: wait for its first suspend, resume it, wait for the end. */
  const turnWords = (t: { domid: number; first: number }): bigint[] => {
    const d = BigInt(t.domid);
    const end = lastTurn.get(t.domid) === t.first ? SHUTDOWN.poweroff : SHUTDOWN.suspend;
    const idx = BigInt(t.first);
    const out: bigint[] = [];
    if (!seen.has(t.domid)) out.push(OP.wait, idx, d, iv, SHUTDOWN.suspend);
    seen.add(t.domid);
    out.push(OP.resume, idx, d, iv, OP.wait, idx, d, iv, end);
    return out;
  };

  const domains: DomainRun[] = [0, ...domUs].map((domid) => {
    const global = mine.get(domid) ?? [];
    const entry = declared.find((d) => Number(d.id) === domid) ?? { id: 0, mode: "aarch64" };
    const sub = parseScenario(
      JSON.stringify({ xen, domains: [entry], steps: global.map((i) => steps[i]) }),
      `${file} (domain ${domid})`,
    );
    const guest = guestArchFor("arm64", modeOf(domid));
    const firstOfTurn = new Set(turns.filter((t) => t.domid === domid).map((t) => t.first));
    if (domid !== 0) {
      const compiled = compileSteps(sub, guest, {
        before: (k) =>
          firstOfTurn.has(global[k] ?? -1) ? [OP.suspend, BigInt(global[k] ?? 0)] : [],
      });
      return { domid, guest, scenario: sub, global, compiled };
    }
    // dom0 runs every domU's turn that comes before each of its own steps, and the rest last.
    let next = 0;
    const upTo = (limit: number) => {
      const out: bigint[] = [];
      for (; next < turns.length && (turns[next]?.first ?? 0) < limit; next++) {
        const t = turns[next];
        if (t !== undefined && t.domid !== 0) out.push(...turnWords(t));
      }
      return out;
    };
    const before = new Map(global.map((g, k) => [k, g]));
    const words: bigint[][] = [];
    global.forEach((g) => words.push(upTo(g)));
    const compiled = compileSteps(sub, guest, {
      before: (k) => (before.has(k) ? (words[k] ?? []) : []),
      trailing: upTo(Infinity),
    });
    return { domid, guest, scenario: sub, global, compiled };
  });
  const cmdline = String(xen.cmdline);
  return { original, domains, skipped, scenario, cmdline, notes };
}

export interface DomUImage {
  readonly domid: number;
  readonly size: number;
  readonly vcpus: number;
  readonly memoryKb: number;
}

/**
 * QEMU's device tree (as `dtc -O dts` prints it) with dom0's kernel and one `xen,domain` node
 * per domU added under /chosen, each with its kernel as a multiboot module and a vpl011.
 */
export function withDom0less(dts: string, dom0Size: number, domUs: readonly DomUImage[]): string {
  const at = dts.search(/\n\tchosen \{\n/);
  if (at < 0) throw new Error("QEMU's device tree has no /chosen node");
  // The node's closing brace: the first line "\t};" after it.
  const close = dts.indexOf("\n\t};\n", at + 1);
  if (close < 0) throw new Error("QEMU's device tree: /chosen is not closed");
  const hex = (n: number) => `0x${n.toString(16)}`;
  const module = (addr: number, size: number, indent: string) =>
    [
      `${indent}module@${addr.toString(16)} {`,
      `${indent}\tcompatible = "multiboot,kernel", "multiboot,module";`,
      `${indent}\treg = <0x00 ${hex(addr)} 0x00 ${hex(size)}>;`,
      `${indent}\tbootargs = "xen-abi";`,
      `${indent}};`,
    ].join("\n");
  const nodes = [
    "",
    module(DOM0_IMAGE_ADDR, dom0Size, "\t\t"),
    ...domUs.map((d) =>
      [
        "",
        `\t\tdomU${d.domid} {`,
        '\t\t\tcompatible = "xen,domain";',
        "\t\t\t#address-cells = <0x02>;",
        "\t\t\t#size-cells = <0x02>;",
        `\t\t\tcpus = <${hex(d.vcpus)}>;`,
        `\t\t\tmemory = <0x00 ${hex(d.memoryKb)}>;`,
        "\t\t\tvpl011;",
        "",
        module(domUImageAddr(d.domid), d.size, "\t\t\t"),
        "\t\t};",
      ].join("\n"),
    ),
  ].join("\n");
  return `${dts.slice(0, close)}\n${nodes}${dts.slice(close)}`;
}
