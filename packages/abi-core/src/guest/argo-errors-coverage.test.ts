/**
 * The example scenarios as Argo's error catalogue: every examples/scenarios/argo-*.yaml must
 * hold when run, and together their argo_op steps must expect every errno argo.c's ops can
 * return with the machine's policy (the dummy XSM policy, plus `argo: false` domains denied
 * as FLASK would) and memory model. Not covered, because nothing can reach them there:
 * -ENODEV (a domain without d->argo is refused earlier by xsm_argo_enable, which is also what
 * left d->argo NULL), -ECONNREFUSED for a partner without Argo in register_ring (the
 * register_single_source hook refuses first), and -ENOMEM (allocation never fails here).
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MODE_INFO, type GuestMode } from "../abi/modes.js";
import {
  HYPERVISOR_argo_op,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "../hypercalls/argo_op/constants.js";
import {
  EACCES,
  EAGAIN,
  EBUSY,
  ECONNREFUSED,
  EEXIST,
  EFAULT,
  EINVAL,
  EMSGSIZE,
  ENODEV,
  ENOENT,
  ENOMEM,
  ENOSPC,
  EOPNOTSUPP,
  EPERM,
  ESRCH,
  errnoName,
} from "../machine/errno.js";
import { loadScenarioFile, runScenarioFile } from "../scenario/files.js";
import { parseScenario, type Scenario, type ScenarioResult } from "../scenario/index.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../../../examples/scenarios");
const files = readdirSync(dir)
  .filter((f) => /^argo-.*\.ya?ml$/.test(f))
  .sort();

/** The errnos argo.c's ops return that the example scenarios must reach. */
const REACHABLE = [
  EINVAL,
  EFAULT,
  EPERM,
  ESRCH,
  EEXIST,
  ENOSPC,
  EOPNOTSUPP,
  ENOENT,
  ECONNREFUSED,
  EMSGSIZE,
  EAGAIN,
  EACCES,
  EBUSY,
];
/** The ones they cannot reach (see the top of this file). */
const UNREACHABLE = [ENODEV, ENOMEM];

/** An argo_op step's expected error: the command (narrowed to 32 bits, as Xen does) and errno. */
interface ArgoError {
  readonly cmd: number;
  readonly errno: number;
}

/**
 * The argo_op steps of a scenario that expect a negative result. A register keeps its value
 * between steps unless a step sets it, as in the runner, so the number and cmd registers are
 * tracked per vCPU; a hypercall overwrites the result register (x0 or r0 is also the cmd,
 * rax or eax also the number), and setVcpuContext or a new domain forgets what was known.
 */
function argoErrors(s: Scenario): ArgoError[] {
  const modes = new Map<number, GuestMode>(s.domains.map((d) => [d.id, d.mode]));
  const known = new Map<string, Map<string, bigint>>();
  const regsOf = (domain: number, vcpu: number): Map<string, bigint> => {
    const key = `${domain}/${vcpu}`;
    let m = known.get(key);
    if (m === undefined) known.set(key, (m = new Map()));
    return m;
  };
  const out: ArgoError[] = [];
  for (const step of s.steps) {
    if (step.op === "createDomain") {
      modes.set(step.config.id, step.config.mode);
      for (const key of known.keys()) if (key.startsWith(`${step.config.id}/`)) known.delete(key);
      continue;
    }
    if (step.op === "setVcpuContext") {
      regsOf(step.domain, step.vcpu).clear();
      continue;
    }
    if (step.op !== "hypercall") continue;
    const info = MODE_INFO[modes.get(step.domain)!];
    const regs = regsOf(step.domain, step.vcpu);
    for (const r of step.regs) regs.set(r.name, r.value);
    const nr = regs.get(info.numberReg);
    const cmd = regs.get(info.argRegs[0]);
    const ret = step.expect.ret;
    // sendv's late errors reach a 64-bit guest zero-extended (0xfffffff5 for -EAGAIN): the
    // errno is the low 32 bits read as an int (xen/common/argo.c: sendv's unsigned int len).
    const zeroExtended =
      ret !== undefined && ret >= 0xfffff001n && ret <= 0xffffffffn
        ? BigInt.asIntN(32, ret)
        : undefined;
    const err = ret !== undefined && ret < 0n ? ret : zeroExtended;
    if (nr === BigInt(HYPERVISOR_argo_op) && cmd !== undefined && err !== undefined)
      out.push({ cmd: Number(cmd & 0xffffffffn), errno: Number(-err) });
    regs.delete(info.resultReg);
  }
  return out;
}

describe("argoErrors", () => {
  it("follows registers kept from earlier steps and drops the result register", () => {
    const s = parseScenario(
      [
        "xen: { arch: x86_64, cmdline: argo=1 }",
        "domains: [{ id: 1, mode: pv64 }]",
        "steps:",
        "  - { op: hypercall, domain: 1, regs: { rax: 39, rdi: 5 }, expect: { ret: -95 } }",
        "  - { op: hypercall, domain: 1, regs: { rdi: 2, rsi: 0 }, expect: { ret: -38 } }",
        "  - { op: hypercall, domain: 1, regs: { rax: 39, rdi: 3 }, expect: { ret: -14 } }",
      ].join("\n"),
      "inline.yaml",
    );
    // Step 1 left -EOPNOTSUPP in rax, so step 2 was hypercall -95 (ENOSYS), not argo_op.
    expect(argoErrors(s)).toEqual([
      { cmd: 5, errno: EOPNOTSUPP },
      { cmd: XEN_ARGO_OP_sendv, errno: EFAULT },
    ]);
  });

  it("narrows cmd to 32 bits and keeps the Arm number register", () => {
    const s = parseScenario(
      [
        "xen: { arch: arm64, cmdline: argo=1 }",
        "domains: [{ id: 1, mode: aarch64 }]",
        "steps:",
        '  - { op: hypercall, domain: 1, regs: { x16: 39, x0: "0x100000002", x1: 0 }, expect: { ret: -14 } }',
        "  - { op: hypercall, domain: 1, regs: { x0: 4, x2: 1 }, expect: { ret: -22 } }",
      ].join("\n"),
      "inline.yaml",
    );
    expect(argoErrors(s)).toEqual([
      { cmd: XEN_ARGO_OP_unregister_ring, errno: EFAULT },
      { cmd: XEN_ARGO_OP_notify, errno: EINVAL },
    ]);
  });
});

describe("examples/scenarios/argo-*.yaml cover Argo's errors", () => {
  // The expectations are read while collecting; each scenario runs in its own test, so each
  // test's coverage is its own (npm run mutate).
  const errors: ArgoError[] = files.flatMap((f) => argoErrors(loadScenarioFile(join(dir, f))));
  const covered = (cmd?: number): Set<number> =>
    new Set(errors.filter((e) => cmd === undefined || e.cmd === cmd).map((e) => e.errno));
  const names = (s: Iterable<number>) => [...s].map((e) => errnoName(-e) ?? `-${e}`).sort();

  it.each(files)("%s: every expectation holds", (f) => {
    const r: ScenarioResult = runScenarioFile(join(dir, f));
    const failed = r.steps.filter((s) => !s.ok);
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("expects only errnos argo.c can return", () => {
    const possible = names([...REACHABLE, ...UNREACHABLE]);
    expect(names(covered()).filter((n) => !possible.includes(n))).toEqual([]);
  });

  it("covers every errno reachable with this policy and memory model", () => {
    expect(names(covered())).toEqual(expect.arrayContaining(names(REACHABLE)));
  });

  it.each([
    [
      "register_ring",
      XEN_ARGO_OP_register_ring,
      [EINVAL, EFAULT, EPERM, ESRCH, EACCES, EEXIST, ENOSPC],
    ],
    ["unregister_ring", XEN_ARGO_OP_unregister_ring, [EINVAL, EFAULT, ENOENT, EACCES]],
    [
      "sendv",
      XEN_ARGO_OP_sendv,
      [EINVAL, EFAULT, EPERM, ESRCH, EACCES, ECONNREFUSED, EMSGSIZE, EAGAIN, EBUSY],
    ],
    ["notify", XEN_ARGO_OP_notify, [EINVAL, EFAULT, EACCES]],
    ["an unknown cmd", 5, [EOPNOTSUPP]],
  ] as const)("%s: each of its errors has a scenario", (_name, cmd, wanted) => {
    expect(names(covered(cmd))).toEqual(expect.arrayContaining(names(wanted)));
  });
});
