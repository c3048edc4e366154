/**
 * The checks the machine makes in one release and not in another: every record's check (and
 * sub-op) with a `since` or `until`, as `xen-abi diff-release` lists them beside the table's
 * and RELEASE_DIFFERENCES' entries. Those name what Xen's stable branches backported by
 * commit; these are the checks gated on a release line (hvm_op's ALTP2M read-only from 4.19,
 * 32-bit PV's PAE L3 above 4 GiB from 4.19), which the diff left out.
 */
import {
  compareReleases,
  lastOfLine,
  releaseAtLeast,
  releaseLine,
  toRelease,
  type Release,
  type ReleaseRef,
} from "../machine/release.js";
import type { ReleaseDiffEntry } from "../table/release-diff.js";
import type { CheckRecord } from "./record.js";
import { RECORDS } from "./registry.js";

interface Span {
  readonly since?: ReleaseRef;
  readonly until?: ReleaseRef;
}

/** `until` names its last release; a line ("4.13") means that line's newest point release. */
function within(r: Release, s: Span): boolean {
  if (s.since !== undefined && !releaseAtLeast(r, s.since)) return false;
  if (s.until === undefined) return true;
  const last = s.until.length <= 4 ? lastOfLine(releaseLine(s.until)) : s.until;
  return compareReleases(r, last) <= 0;
}

function entry(c: CheckRecord, inA: boolean, inB: boolean): ReleaseDiffEntry {
  const arch = c.arch !== undefined ? ` (${c.arch.join(", ")})` : "";
  return {
    kind: "check",
    subject: `${c.id}${arch}`,
    a: inA ? c.errno : "none",
    b: inB ? c.errno : "none",
    note: `${c.when} (${c.xen})`,
  };
}

/** Every modelled check that releases `a` and `b` do not both make (lines name their x.y.0). */
export function checkReleaseDiff(aRef: ReleaseRef, bRef: ReleaseRef): ReleaseDiffEntry[] {
  const a = toRelease(aRef);
  const b = toRelease(bRef);
  const out: ReleaseDiffEntry[] = [];
  for (const rec of RECORDS) {
    const groups: [Span, readonly CheckRecord[]][] = [
      [{}, rec.checks],
      ...rec.subops.map((s): [Span, readonly CheckRecord[]] => [s, s.checks]),
    ];
    for (const [sub, checks] of groups)
      for (const c of checks) {
        const inA = within(a, sub) && within(a, c);
        const inB = within(b, sub) && within(b, c);
        if (inA !== inB) out.push(entry(c, inA, inB));
      }
  }
  return out;
}
