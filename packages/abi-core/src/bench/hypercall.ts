import { Xen, type XenOptions } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";

/**
 * A batch of register-level null hypercalls: the guest puts xen_version's number and
 * XENVER_version in its registers and executes the instruction; the whole dispatcher runs
 * (number, narrowing, handler, result, poisoning in a debug build).
 */
export function nullHypercallBatch(mode: GuestMode, opts: XenOptions, batch: number): () => void {
  const arch = mode.startsWith("aarch") ? "arm64" : "x86_64";
  const xen = new Xen({ ...opts, arch });
  const d = xen.createDomain({ id: 1, mode });
  const regs = d.vcpus[0]!.regs;
  const arm = arch === "arm64";
  const nrSlot = arm ? (mode === "aarch64" ? 16 : 12) : 0;
  const arg1Slot = arm ? 0 : mode.endsWith("64") ? 5 : 1;
  return () => {
    for (let i = 0; i < batch; i++) {
      regs.set(nrSlot, 17, 0); // __HYPERVISOR_xen_version
      regs.set(arg1Slot, 0, 0); // XENVER_version
      xen.execute(1, 0);
    }
    if (regs.lo(arm ? 0 : 0) >>> 16 !== 4) throw new Error("xen_version did not answer");
  };
}

/** Resident memory of a machine with `n` domains of `size` bytes that touched `touch` bytes each. */
export function sparseMemoryRss(
  n: number,
  size: number,
  touch: number,
): { rssBytes: number; frames: number } {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const xen = new Xen();
  const page = new Uint8Array(4096).fill(1);
  let frames = 0;
  for (let id = 1; id <= n; id++) {
    const d = xen.createDomain({ id, mode: "aarch64", memory: size });
    // Spread the touched pages over the whole guest, as a real guest's would be.
    const pages = touch / 4096;
    const stride = Math.floor(size / 4096 / pages) * 4096;
    for (let p = 0; p < pages; p++) d.memory.write(p * stride, page);
    frames += d.memory.touchedFrames;
  }
  globalThis.gc?.();
  const rssBytes = process.memoryUsage().rss - before;
  return { rssBytes, frames };
}
