/**
 * Structure and meaning of a scenario (spec: "Exit status 2 covers everything that can be known
 * without running"). The steps are walked in order with the set of live domains, so a domain
 * created by an earlier createDomain step counts and a destroyed one does not.
 */
import {
  contextRegistersFor,
  GUEST_MODES,
  MODE_INFO,
  modeRunsOn,
  registersFor,
  XEN_ARCHES,
} from "../abi/modes.js";
import type { GuestMode, RegisterDef, XenArch } from "../abi/modes.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { DEFAULT_DOMAIN_MEMORY } from "../machine/domain.js";
import { NEWEST_RELEASE, RELEASES } from "../machine/release.js";
import type { Release } from "../machine/release.js";
import { parseByteString } from "./bytes.js";
import { Checker, oneOf } from "./check.js";
import type { Mapping } from "./check.js";
import type { LoadedDocument, Path } from "./load.js";
import { toSigned } from "./numbers.js";
import { SCENARIO_MAX_DOMID, STEP_FAULTS, STEP_OPS } from "./schema.js";
import { XEN_HYPERCALL_TAG } from "../dispatch/arm.js";
import type {
  FieldValues,
  RegValue,
  Scenario,
  ScenarioDomain,
  ScenarioStep,
  ScenarioXen,
  StepOp,
} from "./schema.js";
import type { ScenarioStructs } from "./structs.js";

const TOP_KEYS = ["name", "description", "xen", "domains", "steps"];
const XEN_KEYS = ["arch", "release", "debug", "cmdline", "aarch32UpperBits"];
const DOMAIN_KEYS = ["id", "mode", "memory", "vcpus", "argo"];
const STEP_KEYS: Record<StepOp, readonly string[]> = {
  write: ["domain", "addr", "bytes", "struct", "fields"],
  read: ["domain", "addr", "length", "struct", "expect"],
  hypercall: ["domain", "vcpu", "regs", "imm", "expect"],
  setVcpuContext: ["domain", "vcpu", "regs", "expect"],
  virqs: ["domain", "expect"],
  console: ["domain", "expect"],
  createDomain: DOMAIN_KEYS,
  destroyDomain: ["domain"],
};
const EXPECT_KEYS: Partial<Record<StepOp, readonly string[]>> = {
  read: ["bytes", "fields"],
  hypercall: ["ret", "regs", "fault"],
  setVcpuContext: ["ret"],
  virqs: ["pending"],
  console: ["text"],
};

/** Xen's MAX_VIRT_CPUS is per architecture; 128 bounds every modelled one. */
const MAX_VCPUS = 128;
/** Guest-physical space a scenario may give a domain (48-bit IPA / physical address). */
const MAX_MEMORY = 2 ** 48;
/** An HVC immediate is 16 bits (Arm ARM: HVC #imm16). */
const MAX_IMM = 0xffff;

function bytesWord(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/** "an aarch64", "a pv64", "an hvm32" */
export function modeWithArticle(mode: GuestMode): string {
  return `${/^(a|hvm)/.test(mode) ? "an" : "a"} ${mode}`;
}

export function validateScenario(doc: LoadedDocument, structs: ScenarioStructs): Scenario {
  return new ScenarioValidator(doc, structs).scenario();
}

class ScenarioValidator {
  private readonly c: Checker;
  private arch: XenArch = "arm64";
  /** Live domains while walking the steps. */
  private readonly live = new Map<number, ScenarioDomain>();
  /** Where each destroyed domain went away, for a clearer message. */
  private readonly destroyedAt = new Map<number, string>();

  constructor(
    private readonly doc: LoadedDocument,
    private readonly structs: ScenarioStructs,
  ) {
    this.c = new Checker(doc);
  }

  scenario(): Scenario {
    const c: Checker = this.c;
    const top = c.mapping(this.doc.value, [], TOP_KEYS, "a scenario");
    const name = top.name === undefined ? undefined : c.string(top.name, ["name"]);
    const description =
      top.description === undefined ? undefined : c.string(top.description, ["description"]);
    const xen = this.xen(top.xen);
    this.arch = xen.arch;
    const domains: ScenarioDomain[] = [];
    if (top.domains !== undefined && top.domains !== null) {
      c.list(top.domains, ["domains"]).forEach((d, i) => {
        const path = ["domains", i];
        const dom = this.domain(c.mapping(d, path, DOMAIN_KEYS, "a domain"), path);
        domains.push(dom);
        this.live.set(dom.id, dom);
      });
    }
    const rawSteps = c.list(c.required(top, "steps", [], "a scenario"), ["steps"]);
    const steps = rawSteps.map((s, i) => this.step(s, i));
    return {
      file: this.doc.file,
      ...(name !== undefined && { name }),
      ...(description !== undefined && { description }),
      xen,
      domains,
      steps,
    };
  }

  private xen(v: unknown): ScenarioXen {
    const c: Checker = this.c;
    const m: Mapping = v === undefined || v === null ? {} : c.mapping(v, ["xen"], XEN_KEYS, "xen");
    const arch =
      m.arch === undefined ? "arm64" : c.choice(m.arch, ["xen", "arch"], XEN_ARCHES, "arch");
    let release: Release = NEWEST_RELEASE;
    if (m.release !== undefined) {
      if (typeof m.release !== "string")
        c.fail(
          ["xen", "release"],
          `write the release as a string ("4.20"): a YAML number loses trailing zeros`,
        );
      release = c.choice(m.release, ["xen", "release"], RELEASES, "release");
    }
    return {
      arch,
      release,
      debug: m.debug === undefined ? false : c.boolean(m.debug, ["xen", "debug"]),
      cmdline: m.cmdline === undefined ? "" : c.string(m.cmdline, ["xen", "cmdline"]),
      aarch32UpperBits:
        m.aarch32UpperBits === undefined
          ? "preserve"
          : c.choice(
              m.aarch32UpperBits,
              ["xen", "aarch32UpperBits"],
              ["zero", "preserve"],
              "value",
            ),
    };
  }

  private domain(m: Mapping, path: Path): ScenarioDomain {
    const c: Checker = this.c;
    const id = c.int(
      c.required(m, "id", path, "a domain"),
      [...path, "id"],
      0,
      SCENARIO_MAX_DOMID,
      "a domid",
    );
    const mode = c.choice(
      c.required(m, "mode", path, "a domain"),
      [...path, "mode"],
      GUEST_MODES,
      "mode",
    );
    if (!modeRunsOn(mode, this.arch)) {
      const ok = GUEST_MODES.filter((g) => modeRunsOn(g, this.arch));
      c.fail(
        [...path, "mode"],
        `${modeWithArticle(mode)} domain cannot run on ${this.arch} Xen (expected ${oneOf(ok)})`,
      );
    }
    let memory = DEFAULT_DOMAIN_MEMORY;
    if (m.memory !== undefined) {
      memory = c.int(m.memory, [...path, "memory"], 0, MAX_MEMORY, "guest memory");
      if (memory === 0 || memory % PAGE_SIZE !== 0)
        c.fail([...path, "memory"], `${m.memory} is not a positive multiple of ${PAGE_SIZE}`);
    }
    const vcpus =
      m.vcpus === undefined ? 1 : c.int(m.vcpus, [...path, "vcpus"], 1, MAX_VCPUS, "a vCPU count");
    const argo = m.argo === undefined ? true : c.boolean(m.argo, [...path, "argo"]);
    if (this.live.has(id)) c.fail([...path, "id"], `domain ${id} already exists`);
    return { id, mode, memory, vcpus, argo };
  }

  private step(v: unknown, index: number): ScenarioStep {
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
        const config = this.domain(m, path);
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
      case "write":
        return { ...base, op, ...this.write(m, path, what) };
      case "read":
        return { ...base, op, ...this.read(m, path, what, expect, ex) };
      case "hypercall": {
        const d = this.liveDomain(m, path, what);
        const vcpu = this.vcpu(m, path, d);
        const regs = this.regs(
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
          expect.ret === undefined ? undefined : this.ret(expect.ret, [...ex, "ret"], info.bits);
        const eregs =
          expect.regs === undefined
            ? undefined
            : this.regs(
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
        const regs = this.regs(
          m.regs,
          [...path, "regs"],
          contextRegistersFor(d.mode),
          `${modeWithArticle(d.mode)} vCPU's context`,
        );
        // The domctl returns 0 or -errno as a C int.
        const ret = expect.ret === undefined ? undefined : this.ret(expect.ret, [...ex, "ret"], 32);
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

  private regs(v: unknown, path: Path, defs: readonly RegisterDef[], whose: string): RegValue[] {
    if (v === undefined || v === null) return [];
    const byName = new Map(defs.map((r) => [r.name, r]));
    const m = this.c.mapping(v, path, Object.keys(v as object), whose);
    return Object.entries(m).map(([name, raw]) => {
      const def = byName.get(name);
      if (def === undefined) this.c.fail([...path, name], `unknown register for ${whose}`, true);
      const value = this.c.sized(raw, [...path, name], def.bits, `a ${def.bits}-bit register`);
      return { name, bits: def.bits, value };
    });
  }

  private ret(v: unknown, path: Path, bits: number): bigint {
    return toSigned(this.c.sized(v, path, bits, `a ${bits}-bit result`), bits);
  }

  /** A guest-physical address plus length that must lie inside the domain's memory. */
  private range(m: Mapping, path: Path, what: string, d: ScenarioDomain, length: number): number {
    const p = [...path, "addr"];
    const addr = this.c.number(this.c.required(m, "addr", path, what), p);
    if (addr < 0n || addr + BigInt(length) > BigInt(d.memory))
      this.c.fail(
        p,
        `${bytesWord(length)} at 0x${BigInt.asUintN(64, addr).toString(16)}: outside domain ${d.id}'s memory (0x${d.memory.toString(16)} bytes)`,
      );
    return Number(addr);
  }

  private structSize(m: Mapping, path: Path, mode: GuestMode): { name: string; size: number } {
    const name = this.c.string(m.struct, [...path, "struct"]);
    const size = this.structs.size(name, mode);
    if (size === undefined)
      this.c.fail([...path, "struct"], `unknown struct ${JSON.stringify(name)}`);
    return { name, size };
  }

  private fields(v: unknown, path: Path, struct: string, mode: GuestMode): FieldValues {
    if (v === undefined || v === null) return {};
    const defs = this.structs.fields(struct, mode);
    const m = this.c.mapping(v, path, Object.keys(v as object), struct);
    const out: Record<string, bigint> = {};
    for (const [name, raw] of Object.entries(m)) {
      const def = defs.get(name);
      if (def === undefined)
        this.c.fail(
          [...path, name],
          `${struct} has no field ${name} (${mode}: ${[...defs.keys()].join(", ")})`,
          true,
        );
      const bits = def.bits;
      out[name] = this.c.sized(raw, [...path, name], bits, `a ${bits}-bit field`);
    }
    return out;
  }

  private write(m: Mapping, path: Path, what: string) {
    const c: Checker = this.c;
    const d = this.liveDomain(m, path, what);
    if (m.bytes !== undefined && m.struct !== undefined)
      c.fail([...path, "struct"], "a write step takes bytes or struct, not both");
    if (m.struct === undefined) {
      if (m.fields !== undefined) c.fail([...path, "fields"], "fields needs struct");
      const bp = [...path, "bytes"];
      const parsed = parseByteString(
        c.string(c.required(m, "bytes", path, `${what} (or struct)`), bp),
      );
      if (typeof parsed === "string") c.fail(bp, parsed);
      return { domain: d.id, addr: this.range(m, path, what, d, parsed.length), bytes: parsed };
    }
    const s = this.structSize(m, path, d.mode);
    const fields = this.fields(m.fields, [...path, "fields"], s.name, d.mode);
    const bytes = this.structs.encode(s.name, d.mode, fields);
    return {
      domain: d.id,
      addr: this.range(m, path, what, d, s.size),
      bytes,
      struct: s.name,
      fields,
    };
  }

  private read(m: Mapping, path: Path, what: string, expect: Mapping, ex: Path) {
    const c: Checker = this.c;
    const d = this.liveDomain(m, path, what);
    let length: number;
    let struct: string | undefined;
    if (m.struct !== undefined) {
      if (m.length !== undefined)
        c.fail([...path, "length"], "a read step takes length or struct, not both");
      const s = this.structSize(m, path, d.mode);
      struct = s.name;
      length = s.size;
    } else {
      length = c.int(
        c.required(m, "length", path, `${what} (or struct)`),
        [...path, "length"],
        0,
        MAX_MEMORY,
        "a length",
      );
      if (expect.fields !== undefined) c.fail([...ex, "fields"], "expect.fields needs struct");
    }
    const addr = this.range(m, path, what, d, length);
    let bytes: Uint8Array | undefined;
    if (expect.bytes !== undefined) {
      const bp = [...ex, "bytes"];
      const parsed = parseByteString(c.string(expect.bytes, bp));
      if (typeof parsed === "string") c.fail(bp, parsed);
      if (parsed.length !== length)
        c.fail(bp, `${bytesWord(parsed.length)} expected, but the read is ${bytesWord(length)}`);
      bytes = parsed;
    }
    const fields =
      struct === undefined || expect.fields === undefined
        ? undefined
        : this.fields(expect.fields, [...ex, "fields"], struct, d.mode);
    return {
      domain: d.id,
      addr,
      length,
      ...(struct !== undefined && { struct }),
      expect: { ...(bytes !== undefined && { bytes }), ...(fields !== undefined && { fields }) },
    };
  }
}
