/**
 * Xen releases the machine models and the behaviour that differs between them. Each flag
 * cites the change that introduced it; everything else is the same in every release.
 */
export const RELEASES = [
  "4.12",
  "4.13",
  "4.14",
  "4.15",
  "4.16",
  "4.17",
  "4.18",
  "4.19",
  "4.20",
  "4.21",
  "4.22",
] as const;

export type Release = (typeof RELEASES)[number];

export const NEWEST_RELEASE: Release = "4.22";

export function isRelease(s: string): s is Release {
  return (RELEASES as readonly string[]).includes(s);
}

/** Minor version of a release ("4.17" -> 17). */
export function releaseMinor(r: Release): number {
  return Number(r.split(".")[1]);
}

/** Behaviour switches of one release. */
export interface ReleaseProfile {
  readonly release: Release;
  readonly major: number;
  readonly minor: number;
  /**
   * arm64 entry.S clobber_gp_top_halves zeroes x0-x30's top halves on every entry from
   * AArch32 (commit 32365f3476, first in 4.17).
   */
  readonly armZeroAarch32TopHalves: boolean;
  /**
   * Hypercalls dispatch through the generated call_handlers_* macros (39fc5f5c02 and the
   * series around it, 4.17): an unknown number is -ENOSYS from the switch, and a debug build
   * skips poisoning when the result is -ENOSYS. Before, Arm indexed arm_hypercall_table and
   * poisoned whatever the handler returned.
   */
  readonly generatedDispatch: boolean;
  /** argo sendv reports -EAGAIN on a full ring (480800c769, 8966a3e9ab, in 4.13). */
  readonly argoSendvEagain: boolean;
}

export function releaseProfile(release: Release): ReleaseProfile {
  const minor = releaseMinor(release);
  return {
    release,
    major: 4,
    minor,
    armZeroAarch32TopHalves: minor >= 17,
    generatedDispatch: minor >= 17,
    argoSendvEagain: minor >= 13,
  };
}
