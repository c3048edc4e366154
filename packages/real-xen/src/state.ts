/**
 * Whether a call can leave state in Xen that a later scenario in the same boot could see (a
 * registered ring, a bound port, a changed p2m, a started vCPU). A scenario with such a call
 * ends its boot (run-real.ts planBoots); the others share one. The test is by hypercall
 * number and sub-op, and errs towards "leaves state": only calls known to leave nothing
 * behind let a scenario share. A call that ends dom0 (a shutdown) needs no care here: the
 * boot ends with it and the scenarios after it get a boot of their own (runPlan).
 */
import type { RealBuild } from "./builds.js";

export interface Call {
  readonly nr: bigint;
  /** Argument registers 1-5 as the guest sets them. */
  readonly args: readonly bigint[];
  /** Arm's HVC immediate: 0 is an SMCCC call (PSCI). */
  readonly imm?: number;
}

const XEN_VERSION = 17n;
const CONSOLE_IO = 18n;
const SCHED_OP = 29n;
const ARGO_OP = 39n;
const MULTICALL = 13n;
/**
 * sched_op commands that leave nothing another scenario sees: yield (0), shutdown (2; it ends
 * the boot), remote_shutdown (4; dom0 is the only domain), shutdown_code (5; read only when
 * the domain shuts down); 8 and above are unknown (-ENOSYS). block, poll, watchdog and
 * pin_override do leave state.
 */
const SCHED_STATELESS = (cmd: bigint) =>
  cmd === 0n || cmd === 2n || cmd === 4n || cmd === 5n || cmd >= 8n;
/** PSCI CPU_ON (SMC32 and SMC64) starts a vCPU; every other SMCCC call here only answers. */
const PSCI_CPU_ON = new Set([0x84000003n, 0xc4000003n]);

/**
 * Numbers below 64 with no entry in Xen's hypercall table for the architecture
 * (xen/include/hypercall-defs.c, 4.17 and 4.20 alike): -ENOSYS, nothing done. The probes
 * (scripts/gen-probes.mjs) call each of them.
 */
export const NO_HANDLER: Readonly<Record<"x86_64" | "arm64", readonly number[]>> = {
  x86_64: [11, 38, 43, 44, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63],
  arm64: [
    0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 22, 23, 25, 26, 28, 30, 31, 37, 38, 40, 43, 44, 45, 46,
    47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
  ],
};

/** What a call's effect depends on besides the call. */
export interface BootContext {
  readonly build: RealBuild;
  readonly cmdline: string;
  /** dom0's vCPUs: with one, PSCI CPU_ON has no vCPU to start. */
  readonly vcpus: number;
}

/** `argo=` on the command line turns Argo on (Xen's list syntax: first element a boolean). */
export function argoEnabled(cmdline: string): boolean {
  const m = /(?:^|\s)argo=([^\s,]*)/.exec(cmdline);
  return m !== null && /^(1|yes|on|true|enable)$/i.test(m[1] ?? "");
}

/** Whether `call` (a multicall: the call itself; its entries are asked one by one) leaves state. */
export function callLeavesState(call: Call, ctx: BootContext): boolean {
  const { build, cmdline } = ctx;
  const a0 = call.args[0] ?? 0n;
  if (build.arch === "arm64" && call.imm === 0)
    return ctx.vcpus > 1 && PSCI_CPU_ON.has(BigInt.asUintN(32, a0));
  const nr = call.nr;
  if (nr === XEN_VERSION || nr === CONSOLE_IO || nr === MULTICALL) return false;
  if (nr === SCHED_OP) return !SCHED_STATELESS(BigInt.asUintN(32, a0));
  if (nr === ARGO_OP) return build.config.ARGO && argoEnabled(cmdline);
  return nr < 64n && !NO_HANDLER[build.arch].includes(Number(nr)); // else -ENOSYS
}
