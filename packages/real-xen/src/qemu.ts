/**
 * One boot of real Xen under QEMU (TCG) with the test guest as dom0, ended by the guest's
 * shutdown or by a time limit; QEMU is always ended by its PID, never left behind.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RealBuild } from "./builds.js";
import { DOM0_IMAGE_ADDR, domUImageAddr, withDom0less } from "./dom0less.js";

export interface BootResult {
  readonly serial: string;
  readonly seconds: number;
  /** Set when the boot hit its time limit. */
  readonly timedOut: boolean;
  /** Set when the guest had started but printed nothing for the stall limit. */
  readonly stalled: boolean;
}

export interface BootLimits {
  /** The whole boot. */
  readonly timeLimitMs: number;
  /** Once the guest has begun: the longest wait for its next line. */
  readonly stallMs?: number;
  readonly vcpus?: number;
  /** arm64: domU images (domids 1, 2, ...), for a dom0less boot. */
  readonly domUs?: readonly Uint8Array[];
}

/** dom0less domUs' RAM (as dom0's: dom0_mem=128M). */
const DOMU_MEMORY_KB = 128 * 1024;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Ends every QEMU this process started, when the process ends however it ends. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const c of live) if (c.pid !== undefined) c.kill("SIGKILL");
  };
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
}

const QEMU = {
  x86_64: { bin: "qemu-system-x86_64", pkg: "qemu-system-x86" },
  arm64: { bin: "qemu-system-aarch64", pkg: "qemu-system-arm" },
} as const;

/**
 * Xen's whole command line for a boot: the harness's own options (console, dom0's memory and
 * vCPUs, log levels) and then the scenario's. The machine is given the same line, so what
 * XENVER_commandline reads back agrees.
 */
export function bootCmdline(build: RealBuild, scenarioCmdline: string, vcpus: number): string {
  const console = build.arch === "x86_64" ? "console=com1 com1=115200,8n1" : "console=dtuart";
  const mem = build.arch === "x86_64" ? "64M" : "128M";
  return `${console} dom0_mem=${mem} loglvl=all guest_loglvl=all dom0_max_vcpus=${vcpus} ${scenarioCmdline}`.trim();
}

const ARM_MACHINE = ["-machine", "virt,virtualization=on", "-cpu", "cortex-a57", "-m", "1024"];

/**
 * The device tree for a dom0less boot, in `dir`: QEMU's own (`-machine dumpdtb`, for the same
 * machine, memory and CPUs) with dom0's kernel and the domUs added under /chosen (dtc).
 */
function dom0lessDtb(
  dir: string,
  smp: number,
  dom0Size: number,
  domUs: readonly Uint8Array[],
): string {
  const dumped = join(dir, "qemu.dtb");
  const out = join(dir, "dom0less.dtb");
  const [machine, virt, ...rest] = ARM_MACHINE;
  execFileSync(
    QEMU.arm64.bin,
    [machine ?? "", `${virt},dumpdtb=${dumped}`, ...rest, "-smp", `${smp}`, "-nographic"],
    { stdio: "ignore" },
  );
  let dts: string;
  try {
    dts = execFileSync("dtc", ["-q", "-I", "dtb", "-O", "dts", dumped], { encoding: "utf8" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(
        "missing 'dtc' to build the dom0less device tree: apt-get install -y device-tree-compiler",
      );
    throw e;
  }
  const edited = withDom0less(
    dts,
    dom0Size,
    domUs.map((img, i) => ({ domid: i + 1, size: img.length, vcpus: 1, memoryKb: DOMU_MEMORY_KB })),
  );
  execFileSync("dtc", ["-q", "-I", "dts", "-O", "dtb", "-o", out, "-"], { input: edited });
  return out;
}

function qemuArgs(
  build: RealBuild,
  guest: string,
  serial: string,
  xenCmdline: string,
  vcpus: number,
  /** A dom0less boot: its device tree and the domUs' image files. */
  dom0less?: { dtb: string; domUs: readonly string[] },
): string[] {
  // dom0 gets the scenario's vCPU count; Xen needs as many physical CPUs to give it.
  const common = [
    "-nographic",
    "-no-reboot",
    "-monitor",
    "none",
    "-serial",
    `file:${serial}`,
    "-smp",
    `${vcpus}`,
  ];
  if (build.arch === "x86_64")
    return [
      ...["-machine", "q35", "-accel", "tcg", "-cpu", "max", "-m", "512", ...common],
      ...["-kernel", build.image, "-initrd", guest, "-append", xenCmdline],
    ];
  if (dom0less !== undefined) {
    const load = (file: string, addr: number) => [
      "-device",
      `loader,file=${file},addr=0x${addr.toString(16)},force-raw=on`,
    ];
    return [
      ...ARM_MACHINE,
      ...common,
      ...["-dtb", dom0less.dtb, "-kernel", build.image, "-append", xenCmdline],
      ...load(guest, DOM0_IMAGE_ADDR),
      ...dom0less.domUs.flatMap((f, i) => load(f, domUImageAddr(i + 1))),
    ];
  }
  return [
    ...ARM_MACHINE,
    ...common,
    ...["-kernel", build.image, "-append", xenCmdline],
    ...[
      "-device",
      `guest-loader,addr=0x${DOM0_IMAGE_ADDR.toString(16)},kernel=${guest},bootargs=xen-abi`,
    ],
  ];
}

/** Boot `build` with `guest` (the image bytes) as dom0 and Xen's whole command line (bootCmdline); resolves when QEMU is gone. */
export async function boot(
  build: RealBuild,
  guest: Uint8Array,
  xenCmdline: string,
  limits: BootLimits,
): Promise<BootResult> {
  const { timeLimitMs, stallMs = timeLimitMs, vcpus = 1, domUs = [] } = limits;
  // The domains take turns (dom0less.ts), but dom0 yields in a loop meanwhile: a second
  // physical CPU keeps the domU's turn from waiting on it.
  const smp = domUs.length > 0 ? Math.max(vcpus, 2) : vcpus;
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), "xen-abi-real-"));
  const guestFile = join(dir, build.arch === "x86_64" ? "dom0.elf" : "dom0.img");
  const serial = join(dir, "serial.log");
  writeFileSync(guestFile, guest);
  writeFileSync(serial, "");
  const q = QEMU[build.arch];
  let dom0less: { dtb: string; domUs: string[] } | undefined;
  if (domUs.length > 0) {
    if (build.arch !== "arm64") throw new Error("a dom0less boot needs arm64 Xen");
    const files = domUs.map((img, i) => {
      const f = join(dir, `domU${i + 1}.img`);
      writeFileSync(f, img);
      return f;
    });
    try {
      dom0less = { dtb: dom0lessDtb(dir, smp, guest.length, domUs), domUs: files };
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      if ((e as NodeJS.ErrnoException).code === "ENOENT")
        throw new Error(`missing '${q.bin}' to boot real Xen: apt-get install -y ${q.pkg}`);
      throw e;
    }
  }
  const started = Date.now();
  const child = spawn(q.bin, qemuArgs(build, guestFile, serial, xenCmdline, smp, dom0less), {
    stdio: ["ignore", "ignore", "pipe"],
  });
  live.add(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  let stalled = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let endSeenAt = 0;
      let grace = 0;
      let lastLength = 0;
      let lastGrowth = started;
      const poll = setInterval(() => {
        const text = readFileSync(serial, "latin1");
        const now = Date.now();
        if (text.length !== lastLength) [lastLength, lastGrowth] = [text.length, now];
        // The guest has finished, or dom0/Xen died: QEMU gets a moment to exit by itself.
        // The guest's END needs no more output; a crash gets time to print its report.
        // dom0's END starts a line; a domU's is `(dN) @xa END`.
        const ended = /(^|\n)@xa END/.test(text);
        if (endSeenAt === 0 && (ended || /Domain 0 crashed|Panic on CPU|Dom0 crashed/.test(text))) {
          endSeenAt = now;
          grace = ended ? 300 : 2000;
        }
        const stall = endSeenAt === 0 && text.includes("@xa BEGIN") && now - lastGrowth > stallMs;
        if ((endSeenAt > 0 && now - endSeenAt > grace) || now - started > timeLimitMs || stall) {
          timedOut = endSeenAt === 0 && !stall;
          stalled = stall;
          child.kill("SIGKILL");
        }
      }, 100);
      child.on("error", (e: NodeJS.ErrnoException) => {
        clearInterval(poll);
        reject(
          e.code === "ENOENT"
            ? new Error(`missing '${q.bin}' to boot real Xen: apt-get install -y ${q.pkg}`)
            : e,
        );
      });
      child.on("exit", () => {
        clearInterval(poll);
        resolve();
      });
    });
  } finally {
    live.delete(child);
  }
  const text = readFileSync(serial, "latin1");
  rmSync(dir, { recursive: true, force: true });
  if (text === "" && stderr !== "")
    throw new Error(`${q.bin} failed: ${stderr.trim().split("\n")[0]}`);
  return { serial: text, seconds: (Date.now() - started) / 1000, timedOut, stalled };
}
