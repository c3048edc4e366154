/**
 * The steps of a scenario, walked in order with the set of live domains, so a domain created
 * by an earlier createDomain step counts and a destroyed one does not.
 */
import { contextRegistersFor, MODE_INFO, registersFor } from "../abi/modes.js";
import type { XenArch } from "../abi/modes.js";
import type { XsmModule } from "../xsm/hooks.js";
import { XEN_HYPERCALL_TAG } from "../dispatch/arm.js";
import type { Checker, Mapping } from "./check.js";
import type { Path } from "./load.js";
import { SCENARIO_MAX_DOMID, STEP_FAULTS, STEP_OPS } from "./schema.js";
import type { ScenarioDomain, ScenarioStep, StepOp } from "./schema.js";
import type { ScenarioStructs } from "./structs.js";
import { DOMAIN_KEYS, MAX_VCPUS, modeWithArticle, validateDomain } from "./validate-config.js";
import { validateRead, validateWrite } from "./validate-memory.js";
import { validateRegs, validateRet } from "./validate-registers.js";

const STEP_KEYS: Record<StepOp, readonly string[]> = {
  write: ["domain", "addr", "bytes", "struct", "fields"],
  read: ["domain", "addr", "length", "struct", "expect"],
  hypercall: ["domain", "vcpu", "regs", "imm", "expect"],
  setVcpuContext: ["domain", "vcpu", "regs", "expect"],
  virqs: ["domain", "expect"],
  events: ["domain", "expect"],
  console: ["domain", "expect"],
  createDomain: DOMAIN_KEYS,
  destroyDomain: ["domain"],
};
const EXPECT_KEYS: Partial<Record<StepOp, readonly string[]>> = {
  read: ["bytes", "fields"],
  hypercall: ["ret", "regs", "fault"],
  setVcpuContext: ["ret"],
  virqs: ["pending"],
  events: ["pending"],
  console: ["text"],
};

/** An HVC immediate is 16 bits (Arm ARM: HVC #imm16). */
const MAX_IMM = 0xffff;

export class StepValidator {
  /** Where each destroyed domain went away, for a clearer message. */
  private readonly destroyedAt = new Map<number, string>();

  /** `live` holds the domains that exist before the first step; the walk updates it. */
  constructor(
    private readonly c: Checker,
    private readonly structs: ScenarioStructs,
    private readonly arch: XenArch,
    private readonly live: Map<number, ScenarioDomain>,
    private readonly xsm?: XsmModule,
  ) {}

  step(v: unknown, index: number): ScenarioStep {
    const c: Checker = this.c;
    const path: Path = ["steps", index];
    if (v === null || typeof v !== "object" || Array.isArray(v)) c.mapping(v, path, [], "a step");
    const op = c.choice(
      c.required(v as Mapping, "op", path, "a step"),
      [...path, "op"],
      STEP_OPS,
      "op",
    );
    const what = `a ${op} step`;
    const m = c.mapping(v, path, ["op", "label", ...STEP_KEYS[op]], what);
    const label = m.label === undefined ? undefined : c.string(m.label, [...path, "label"]);
    const base = { index, ...(label !== undefined && { label }) };
    const expectKeys = EXPECT_KEYS[op];
    const expect: Mapping =
      m.expect === undefined || m.expect === null || expectKeys === undefined
        ? {}
        : c.mapping(m.expect, [...path, "expect"], expectKeys, `${what}'s expect`);
    const ex: Path = [...path, "expect"];

    switch (op) {
      case "createDomain": {
        const config = validateDomain(c, m, path, this.arch, this.live, this.xsm);
        this.live.set(config.id, config);
        this.destroyedAt.delete(config.id);
        return { ...base, op, config };
      }
      case "destroyDomain": {
        const d = this.liveDomain(m, path, what);
        this.live.delete(d.id);
        this.destroyedAt.set(d.id, `steps[${index}]`);
        return { ...base, op, domain: d.id };
      }
      case "write": {
        const d = this.liveDomain(m, path, what);
        return { ...base, op, ...validateWrite(c, this.structs, m, path, what, d) };
      }
      case "read": {
        const d = this.liveDomain(m, path, what);
        return { ...base, op, ...validateRead(c, this.structs, m, path, what, d, expect, ex) };
      }
      case "hypercall": {
        const d = this.liveDomain(m, path, what);
        const vcpu = this.vcpu(m, path, d);
        const regs = validateRegs(
          c,
          m.regs,
          [...path, "regs"],
          registersFor(d.mode, this.arch),
          `${modeWithArticle(d.mode)} vCPU`,
        );
        const info = MODE_INFO[d.mode];
        let imm: number | undefined;
        if (m.imm !== undefined) {
          if (info.family !== "arm")
            c.fail([...path, "imm"], `imm is Arm only (domain ${d.id} is ${d.mode})`);
          imm = c.int(m.imm, [...path, "imm"], 0, MAX_IMM, "an HVC immediate");
        } else if (info.family === "arm") imm = XEN_HYPERCALL_TAG;
        const ret =
          expect.ret === undefined
            ? undefined
            : validateRet(c, expect.ret, [...ex, "ret"], info.bits);
        const eregs =
          expect.regs === undefined
            ? undefined
            : validateRegs(
                c,
                expect.regs,
                [...ex, "regs"],
                registersFor(d.mode, this.arch),
                `${modeWithArticle(d.mode)} vCPU`,
              );
        const fault =
          expect.fault === undefined
            ? undefined
            : c.choice(expect.fault, [...ex, "fault"], STEP_FAULTS, "fault");
        return {
          ...base,
          op,
          domain: d.id,
          vcpu,
          regs,
          ...(imm !== undefined && { imm }),
          expect: {
            ...(ret !== undefined && { ret }),
            ...(eregs !== undefined && { regs: eregs }),
            ...(fault !== undefined && { fault }),
          },
        };
      }
      case "setVcpuContext": {
        const d = this.liveDomain(m, path, what);
        const vcpu = this.vcpu(m, path, d);
        const regs = validateRegs(
          c,
          m.regs,
          [...path, "regs"],
          contextRegistersFor(d.mode),
          `${modeWithArticle(d.mode)} vCPU's context`,
        );
        // The domctl returns 0 or -errno as a C int.
        const ret =
          expect.ret === undefined ? undefined : validateRet(c, expect.ret, [...ex, "ret"], 32);
        return { ...base, op, domain: d.id, vcpu, regs, expect: ret === undefined ? {} : { ret } };
      }
      case "virqs": {
        const d = this.liveDomain(m, path, what);
        let pending: number[] | undefined;
        if (expect.pending !== undefined) {
          pending = c
            .list(expect.pending, [...ex, "pending"])
            .map((p, i) => c.int(p, [...ex, "pending", i], 0, 0xffff, "a VIRQ number"));
          pending.sort((a, b) => a - b);
        }
        return { ...base, op, domain: d.id, expect: pending === undefined ? {} : { pending } };
      }
      case "events": {
        const d = this.liveDomain(m, path, what);
        let pending: number[] | undefined;
        if (expect.pending !== undefined) {
          pending = c
            .list(expect.pending, [...ex, "pending"])
            .map((p, i) => c.int(p, [...ex, "pending", i], 0, 4095, "an event channel port"));
          pending.sort((a, b) => a - b);
        }
        return { ...base, op, domain: d.id, expect: pending === undefined ? {} : { pending } };
      }
      case "console": {
        const d = this.liveDomain(m, path, what);
        const text = expect.text === undefined ? undefined : c.string(expect.text, [...ex, "text"]);
        return { ...base, op, domain: d.id, expect: text === undefined ? {} : { text } };
      }
    }
  }

  /** The step's `domain`, which must be live at this point of the run. */
  private liveDomain(m: Mapping, path: Path, what: string): ScenarioDomain {
    const c: Checker = this.c;
    const p = [...path, "domain"];
    const id = c.int(c.required(m, "domain", path, what), p, 0, SCENARIO_MAX_DOMID, "a domid");
    const d = this.live.get(id);
    if (d === undefined) {
      const gone = this.destroyedAt.get(id);
      c.fail(
        p,
        `domain ${id} does not exist${gone === undefined ? "" : ` (destroyed at ${gone})`}`,
      );
    }
    return d;
  }

  private vcpu(m: Mapping, path: Path, d: ScenarioDomain): number {
    if (m.vcpu === undefined) return 0;
    const p = [...path, "vcpu"];
    const n = this.c.int(m.vcpu, p, 0, MAX_VCPUS - 1, "a vCPU id");
    if (n >= d.vcpus) this.c.fail(p, `domain ${d.id} has no vCPU ${n} (it has ${d.vcpus})`);
    return n;
  }
}
