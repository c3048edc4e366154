/**
 * The machine's clock: what Xen's NOW(), the TSC stamp of the last calibration and the wall
 * clock read on this machine. Model time is deterministic and never advances, so no timer
 * fires and every time record Xen writes is a function of these values alone. One clock per
 * machine (XenState.clock); handlers read it, none keeps its own.
 */

/** x86 `struct time_scale` (xen/arch/x86/time.c): ns = ((tsc << shift) * mul_frac) >> 32. */
export interface TimeScale {
  readonly mulFrac: number;
  readonly shift: number;
}

export interface ModelClock {
  /** NOW(): system time in ns (the cpu_time stamp's local_stime). */
  readonly stime: bigint;
  /** The TSC at `stime` (the cpu_time stamp's local_tsc). */
  readonly tsc: bigint;
  /** Hz of the TSC; tsc_to_system_mul and tsc_shift follow (set_time_scale). */
  readonly tscHz: bigint;
  /** clocksource_is_tsc(): Xen sets XEN_PVCLOCK_TSC_STABLE_BIT in every time record. */
  readonly tscStable: boolean;
  /** xen/common/time.c wc_sec, wc_nsec: the wall clock at system time 0. */
  readonly wcSec: bigint;
  readonly wcNsec: number;
}

/**
 * The default clock: system time 0 at TSC 0, a 1 GHz TSC, not a TSC clocksource (QEMU's real
 * Xen boots use the HPET or PM timer), and the wall clock at the epoch — as Arm Xen's is until
 * a XENPF_settime; x86 Xen reads the CMOS RTC at boot instead, a value no model can share.
 */
export const DEFAULT_CLOCK: ModelClock = Object.freeze({
  stime: 0n,
  tsc: 0n,
  tscHz: 1_000_000_000n,
  tscStable: false,
  wcSec: 0n,
  wcNsec: 0,
});

const SECOND_NS = 1_000_000_000n;

/** set_time_scale(ts, ticks_per_sec) (xen/arch/x86/time.c), with div_frac's 32.32 quotient. */
export function setTimeScale(ticksPerSec: bigint): TimeScale {
  if (ticksPerSec <= 0n) throw new RangeError(`a clock of ${ticksPerSec} Hz`);
  let tps64 = ticksPerSec;
  let shift = 0;
  while (tps64 > SECOND_NS * 2n) {
    tps64 >>= 1n;
    shift--;
  }
  let tps32 = tps64 & 0xffffffffn;
  while (tps32 <= SECOND_NS) {
    tps32 = (tps32 << 1n) & 0xffffffffn;
    shift++;
  }
  return { mulFrac: Number((SECOND_NS << 32n) / tps32), shift };
}

/** version_update_begin (xen/include/xen/time.h): odd while a record is rewritten. */
export function versionUpdateBegin(v: number): number {
  return ((v + 1) | 1) >>> 0;
}

/** version_update_end: the even version the guest sees once the record is whole. */
export function versionUpdateEnd(v: number): number {
  return (v + 1) >>> 0;
}
