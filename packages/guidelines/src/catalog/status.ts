/**
 * A hypercall's status and release span in the vocabulary, derived from abi-core's
 * table (status, families, first and last release with a handler).
 */
import { RELEASES, type HypercallRecord, type Release } from "@xen-abi/abi-core";

export type DocStatus = "stable" | "deprecated" | "x86-only" | "removed" | "internal" | "reserved";

export interface StatusFacts {
  readonly status: DocStatus;
  /** The first release without it, for a removed hypercall. */
  readonly removedIn: Release | undefined;
  /** Releases in which some guest type has a handler. */
  readonly releases: readonly Release[];
}

export function statusOf(h: HypercallRecord): StatusFacts {
  const first = h.firstRelease;
  const last = h.lastRelease;
  const releases =
    first === undefined || last === undefined
      ? []
      : RELEASES.slice(RELEASES.indexOf(first), RELEASES.indexOf(last) + 1);
  if (h.status === "retired") {
    const next = last === undefined ? undefined : RELEASES[RELEASES.indexOf(last) + 1];
    return { status: "removed", removedIn: next, releases };
  }
  if (h.status === "reserved") return { status: "reserved", removedIn: undefined, releases };
  if (h.status === "internal") return { status: "internal", removedIn: undefined, releases };
  if (h.status === "deprecated") return { status: "deprecated", removedIn: undefined, releases };
  const x86Only = h.families.length === 1 && h.families[0] === "x86";
  return { status: x86Only ? "x86-only" : "stable", removedIn: undefined, releases };
}
