/**
 * A scenario as real Xen here can run it: one domain, booted as dom0. Works on the scenario
 * document (before validation), so the machine and the real guest run the very same file:
 * the domain's id becomes 0 wherever it is a domain id (the `domains` entry, each step's
 * `domain`, struct fields that hold a domain id, arguments whose kind is `domid`), and each
 * step that cannot run on a lone dom0 is taken out and reported as skipped with why.
 */
import { parseNumberForm } from "@xen-abi/abi-core/scenario";
import { callKinds, isDomidField } from "./arg-kinds.js";
import { ARG_REGS, guestArchFor, NUMBER_REG } from "./guest-abi.js";

type Doc = Record<string, unknown>;
type Step = Record<string, unknown>;

export interface SkippedStep {
  readonly index: number;
  readonly op: string;
  readonly label?: string;
  readonly why: string;
}

export interface Dom0Scenario {
  /** The document to run, on the machine and on real Xen alike. */
  readonly doc: Doc;
  /** Original step index of each step of `doc`. */
  readonly origIndex: readonly number[];
  readonly skipped: readonly SkippedStep[];
  /** The scenario's domain id that became 0. */
  readonly fromDomain: number;
}

/** Why a whole scenario cannot run as dom0 (undefined when it can), per guest mode. */
const MODE_LIMITS: Readonly<Record<string, string | undefined>> = {
  pv64: undefined,
  aarch64: undefined,
  aarch32: undefined,
  hvm64: "an HVM guest: QEMU's TCG here offers no hardware virtualisation for HVM",
  hvm32: "an HVM guest: QEMU's TCG here offers no hardware virtualisation for HVM",
};

function num(v: unknown): bigint | undefined {
  const r = parseNumberForm(v);
  return r.ok ? r.value : undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Rewrite domain-id fields equal to `from` to 0 in a `fields` mapping. */
function rewriteFields(fields: unknown, from: bigint): unknown {
  const f = rec(fields);
  if (f === undefined) return fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) out[k] = isDomidField(k) && num(v) === from ? 0 : v;
  return out;
}

/** Registers the test guest cannot set: its own stack, link register and program counter. */
const GUEST_OWNED = new Set(["rsp", "rip", "pc", "r13", "r14"]);

/**
 * `doc` run as dom0 on `arch` Xen, or a string saying why the whole scenario cannot run.
 * `doc` is not modified.
 */
export function toDom0(
  doc: Doc,
  arch: "x86_64" | "arm64",
  /** The domain that becomes dom0 (default: the first declared). */
  pick?: number,
): Dom0Scenario | string {
  const domains = Array.isArray(doc.domains) ? doc.domains.map(rec) : [];
  const steps = Array.isArray(doc.steps) ? (doc.steps as unknown[]).map(rec) : [];
  const first =
    pick === undefined
      ? (domains[0] ?? rec(steps.find((s) => s?.op === "createDomain")))
      : domains.find((d) => num(d?.id) === BigInt(pick));
  if (first === undefined) return "no domain";
  const mode = typeof first.mode === "string" ? first.mode : arch === "x86_64" ? "" : "aarch64";
  const limit = MODE_LIMITS[mode];
  if (limit !== undefined) return limit;
  if (mode === "") return "no guest mode";
  const g = guestArchFor(arch, mode);
  if (first.argo === false) return "a domain with argo: false needs a FLASK policy the builds lack";
  const id = Number(num(first.id) ?? -1n);
  const from = BigInt(id);
  const others = new Set(
    [...domains, ...steps.filter((s) => s?.op === "createDomain")]
      .map((d) => num(d?.id ?? rec(d?.config)?.id))
      .filter((v): v is bigint => v !== undefined && v !== from),
  );
  /** Addresses where a struct naming another domain was written (for the calls that use it). */
  const namesOther = new Map<bigint, bigint>();
  const regs = new Map<string, bigint>(); // the vCPU's registers as the steps set them

  const out: Step[] = [];
  const origIndex: number[] = [];
  const skipped: SkippedStep[] = [];
  steps.forEach((s, index) => {
    if (s === undefined) return;
    const op = String(s.op);
    const skip = (why: string) =>
      skipped.push({ index, op, ...(typeof s.label === "string" && { label: s.label }), why });
    if (op === "createDomain") {
      if (rec(s.config) === first || s === first) return skip("dom0 exists from boot");
      return skip("needs a second domain: real Xen here runs dom0 only");
    }
    if (op === "destroyDomain") return skip("would destroy dom0");
    if (Number(num(s.domain) ?? -1n) !== id)
      return skip(`needs domain ${String(s.domain)}: real Xen here runs dom0 only`);
    if (op === "setVcpuContext") return skip("a toolstack domctl on another domain's vCPU");
    if (op === "virqs" || op === "events")
      return skip("the test guest binds no event channels or VIRQs");
    if (op === "console") return skip("dom0's console_io text goes to the serial line, unread");
    const step: Step = { ...s, domain: 0 };
    if (op === "write") {
      const addr = num(s.addr);
      const other = Object.entries(rec(s.fields) ?? {}).find(
        ([k, v]) => isDomidField(k) && others.has(num(v) ?? -1n),
      );
      if (addr !== undefined) {
        if (other !== undefined) namesOther.set(addr, num(other[1]) ?? 0n);
        else namesOther.delete(addr);
      }
    }
    if (op === "hypercall") {
      if (Number(num(s.vcpu) ?? 0n) !== 0) return skip("dom0 runs one vCPU here");
      const imm = num(s.imm) ?? 0xea1n;
      if (arch === "arm64" && imm !== 0xea1n && imm !== 0n)
        return skip(`hvc #${imm}: the test guest has no exception vectors for the undef`);
      const set = rec(s.regs) ?? {};
      const owned = Object.keys(set).find((r) => GUEST_OWNED.has(r));
      if (owned !== undefined) return skip(`sets ${owned}, which the test guest keeps`);
      for (const [r, v] of Object.entries(set)) {
        const n = num(v);
        if (n !== undefined) regs.set(r, n);
      }
      const kinds = callKinds(
        regs.get(NUMBER_REG[g]) ?? -1n,
        regs.get(ARG_REGS[g][0] ?? "") ?? -1n,
      );
      const other = ARG_REGS[g]
        .map((r, i) => {
          const v = regs.get(r);
          if (v === undefined) return undefined;
          if (kinds?.args[i] === "domid" && others.has(v)) return v;
          return kinds?.args[i] === "handle" ? namesOther.get(v) : undefined;
        })
        .find((v) => v !== undefined);
      if (other !== undefined) return skip(`names domain ${other}: real Xen here runs dom0 only`);
      const newRegs: Record<string, unknown> = { ...set };
      ARG_REGS[g].forEach((r, i) => {
        if (kinds?.args[i] === "domid" && r in set && num(set[r]) === from) newRegs[r] = 0;
      });
      step.regs = newRegs;
    }
    if (op === "write" && s.fields !== undefined) step.fields = rewriteFields(s.fields, from);
    if (op === "read") {
      const ex = rec(s.expect);
      if (ex?.fields !== undefined) step.expect = { ...ex, fields: rewriteFields(ex.fields, from) };
    }
    out.push(step);
    origIndex.push(index);
  });
  const dom0: Record<string, unknown> = { id: 0, mode };
  for (const k of ["memory", "vcpus"]) if (first[k] !== undefined) dom0[k] = first[k];
  return {
    doc: { ...doc, domains: [dom0], steps: out },
    origIndex,
    skipped,
    fromDomain: id,
  };
}
