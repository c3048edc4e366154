/**
 * How a page says when a fact held: the span of releases around the page's release in which a
 * fact keeps its value ("since 4.17.0", "until 4.16.0"), and the release differences of
 * abi-core (with their Xen commits) as facts a page states for its release.
 */
import { RELEASE_DIFFERENCES, type GuestMode, type Release } from "@xen-abi/abi-core";
import { releaseCarries } from "@xen-abi/abi-core/machine";
import { PAGE_EPOCHS, pageEpochEnd, pageEpochOf } from "./epochs.js";
import type { BehaviourFact, FactSpan } from "./types.js";

/**
 * The span of releases around `release` in which `key` keeps the value it has there, as
 * `since` (absent when it held from the oldest modelled release) and `until` (absent when it
 * holds in the newest). `key` is asked once per epoch, where anything can change.
 */
export function factSpan(release: Release, key: (epoch: Release) => string): FactSpan {
  const here = pageEpochOf(release);
  const at = PAGE_EPOCHS.indexOf(here);
  const k = key(here);
  let first = at;
  while (first > 0 && key(PAGE_EPOCHS[first - 1]!) === k) first--;
  let last = at;
  while (last < PAGE_EPOCHS.length - 1 && key(PAGE_EPOCHS[last + 1]!) === k) last++;
  return {
    ...(first > 0 && { since: PAGE_EPOCHS[first]! }),
    ...(last < PAGE_EPOCHS.length - 1 && { until: pageEpochEnd(PAGE_EPOCHS[last]!) }),
  };
}

/** The release differences a hypercall's page or a mode's page states, as of `release`. */
export function behaviourFacts(
  release: Release,
  on: { hypercall: string } | { mode: GuestMode },
): BehaviourFact[] {
  const mine = RELEASE_DIFFERENCES.filter((d) =>
    "hypercall" in on ? d.hypercalls.includes(on.hypercall) : d.modes.includes(on.mode),
  );
  return mine.map((d) => ({
    id: d.id,
    summary: d.summary,
    carried: releaseCarries(release, d.firstTags),
    ...factSpan(release, (e) => String(releaseCarries(e, d.firstTags))),
    firstTags: d.firstTags,
    commits: d.commits.map((c) => ({ ...c })),
  }));
}
