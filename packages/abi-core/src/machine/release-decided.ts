/**
 * Which release differences decided what a step did. The machine reads a difference's switch
 * through releaseDecides() only where the two settings give different results (a debug
 * build's -ENOSYS, a non-zero top half on entry from AArch32, a full Argo ring, a late sendv
 * error), so a step that never reached such a place is not credited with the difference when
 * a release matrix explains where its result changed.
 */
import { RELEASE_DIFFERENCES, type ReleaseDifferenceId } from "./release-differences.js";
import type { XenState } from "./state.js";

/** Bit of each difference in XenState.releaseDecided: its index in RELEASE_DIFFERENCES. */
const BITS: Readonly<Record<ReleaseDifferenceId, number>> = Object.freeze(
  Object.fromEntries(RELEASE_DIFFERENCES.map((d, i) => [d.id, 1 << i])) as Record<
    ReleaseDifferenceId,
    number
  >,
);

/** Whether this machine's release carries `id`; notes that the current step depends on it. */
export function releaseDecides(xen: XenState, id: ReleaseDifferenceId): boolean {
  xen.releaseDecided |= BITS[id];
  return xen.profile[id];
}

/** The differences a releaseDecided mask names, in RELEASE_DIFFERENCES order. */
export function decidedDifferences(mask: number): ReleaseDifferenceId[] {
  return RELEASE_DIFFERENCES.filter((d) => (mask & BITS[d.id]) !== 0).map((d) => d.id);
}
