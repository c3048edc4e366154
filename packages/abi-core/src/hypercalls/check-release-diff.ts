/**
 * The checks the machine makes in one release and not in another: every record's check (and
 * sub-op) with a `since` or `until`, as `xen-abi diff-release` lists them beside the table's
 * and RELEASE_DIFFERENCES' entries. Those name what Xen's stable branches backported by
 * commit; these are the checks gated on a release line (hvm_op's ALTP2M read-only from 4.19,
 * 32-bit PV's PAE L3 above 4 GiB from 4.19), which the diff left out.
 */
import {
  RELEASES,
  compareReleases,
  lastOfLine,
  releaseAtLeast,
  releaseLine,
  toRelease,
  type Release,
  type ReleaseRef,
} from "../machine/release.js";
import type { ReleaseDiffEntry } from "../table/release-diff.js";
import type { CheckRecord, HypercallRecord } from "./record.js";
import { RECORDS } from "./registry.js";

/** A record's check or sub-op as far as releases go. */
export interface ReleaseSpan {
  readonly since?: ReleaseRef;
  readonly until?: ReleaseRef;
}

/** The last release of a span's `until`: a line ("4.13") means its newest point release. */
function lastOf(until: ReleaseRef): Release {
  return until.length <= 4 ? lastOfLine(releaseLine(until)) : (until as Release);
}

/** Whether release `r` lies in span `s` (a check or sub-op is made there). */
export function withinSpan(r: ReleaseRef, s: ReleaseSpan): boolean {
  const rel = toRelease(r);
  if (s.since !== undefined && !releaseAtLeast(rel, s.since)) return false;
  return s.until === undefined || compareReleases(rel, lastOf(s.until)) <= 0;
}

/**
 * Every release at which some record's check or sub-op starts being made (its `since`) or
 * stops (the release after its `until`: 4.17.3 for vcpu_op's singleshot `past`, which ends at
 * 4.17.2), oldest first. Pages split by release start a span at each.
 */
export function checkBoundaries(records: readonly HypercallRecord[] = RECORDS): Release[] {
  const out = new Set<Release>();
  const add = (s: ReleaseSpan) => {
    if (s.since !== undefined) out.add(toRelease(s.since));
    if (s.until !== undefined) {
      const next = RELEASES[RELEASES.indexOf(lastOf(s.until)) + 1];
      if (next !== undefined) out.add(next);
    }
  };
  for (const rec of records) {
    for (const c of rec.checks) add(c);
    for (const s of rec.subops) {
      add(s);
      for (const c of s.checks) add(c);
    }
  }
  return [...out].sort(compareReleases);
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
    const groups: [ReleaseSpan, readonly CheckRecord[]][] = [
      [{}, rec.checks],
      ...rec.subops.map((s): [ReleaseSpan, readonly CheckRecord[]] => [s, s.checks]),
    ];
    for (const [sub, checks] of groups)
      for (const c of checks) {
        const inA = withinSpan(a, sub) && withinSpan(a, c);
        const inB = withinSpan(b, sub) && withinSpan(b, c);
        if (inA !== inB) out.push(entry(c, inA, inB));
      }
  }
  return out;
}
