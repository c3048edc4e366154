/**
 * Everything the machine models that differs between two releases: which guest types have a
 * handler for each hypercall (and which one), the handler's prototype and argument count, the
 * structs the headers have, and the behaviour switches of RELEASE_DIFFERENCES with their
 * commits. `xen-abi diff-release A B` prints it.
 */
import { GUEST_TYPES } from "../abi/modes.js";
import { RELEASE_DIFFERENCES, type ReleaseDifference } from "../machine/release-differences.js";
import {
  releaseAtLeast,
  releaseCarries,
  toRelease,
  type Release,
  type ReleaseRef,
} from "../machine/release.js";
import { HYPERCALLS, cellAt, nargsAt, prototypeAt } from "./hypercalls.js";
import { STRUCTS } from "./structs/index.js";
import type { GuestType, Prototype } from "./types.js";

export interface ReleaseDiffEntry {
  /** `check`: a record's check one release makes and the other not (hypercalls/check-release-diff.ts). */
  readonly kind: "availability" | "prototype" | "struct" | "behaviour" | "check";
  /** The hypercall, struct or behaviour. */
  readonly subject: string;
  /** The guest type (availability, prototype), absent otherwise. */
  readonly guest?: GuestType;
  /** As in release `a` and release `b`; "none" where it is absent. */
  readonly a: string;
  readonly b: string;
  /** For a behaviour: the difference with its commits. */
  readonly difference?: ReleaseDifference;
  /** For a check: what fails it and where Xen makes it. */
  readonly note?: string;
}

export interface ReleaseDiff {
  readonly a: Release;
  readonly b: Release;
  readonly entries: readonly ReleaseDiffEntry[];
}

function protoText(p: Prototype | undefined): string {
  if (p === undefined) return "none";
  return `${p.rettype} (${p.params.map((x) => `${x.type} ${x.name}`).join(", ") || "void"})`;
}

/** `1 arg`, `3 args`, `? args` (unknown). */
function argCount(n: number | undefined): string {
  return n === 1 ? "1 arg" : `${n ?? "?"} args`;
}

/** What differs between releases `a` and `b` (lines name their x.y.0). */
export function diffReleases(aRef: ReleaseRef, bRef: ReleaseRef): ReleaseDiff {
  const a = toRelease(aRef);
  const b = toRelease(bRef);
  const entries: ReleaseDiffEntry[] = [];
  for (const h of HYPERCALLS) {
    for (const g of GUEST_TYPES) {
      const ca = cellAt(h, a, g);
      const cb = cellAt(h, b, g);
      const ta = ca ? `${ca.prefix}_${h.name}, ${argCount(nargsAt(h, a, g))}` : "none";
      const tb = cb ? `${cb.prefix}_${h.name}, ${argCount(nargsAt(h, b, g))}` : "none";
      if (ta !== tb)
        entries.push({ kind: "availability", subject: h.name, guest: g, a: ta, b: tb });
      if (ca && cb && ca.prefix === cb.prefix) {
        const pa = protoText(prototypeAt(h, a, ca.prefix));
        const pb = protoText(prototypeAt(h, b, cb.prefix));
        if (pa !== pb)
          entries.push({
            kind: "prototype",
            subject: `${ca.prefix}_${h.name}`,
            guest: g,
            a: pa,
            b: pb,
          });
      }
    }
  }
  for (const s of STRUCTS) {
    if (s.since === undefined) continue;
    const inA = releaseAtLeast(a, s.since);
    const inB = releaseAtLeast(b, s.since);
    if (inA !== inB)
      entries.push({
        kind: "struct",
        subject: s.name,
        a: inA ? "present" : "none",
        b: inB ? "present" : "none",
      });
  }
  for (const d of RELEASE_DIFFERENCES) {
    const inA = releaseCarries(a, d.firstTags);
    const inB = releaseCarries(b, d.firstTags);
    if (inA !== inB)
      entries.push({
        kind: "behaviour",
        subject: d.id,
        a: inA ? "yes" : "no",
        b: inB ? "yes" : "no",
        difference: d,
      });
  }
  return { a, b, entries };
}
