/**
 * The releases at which a page can change: abi-core's RELEASE_EPOCHS (every line's x.y.0 and
 * each backported release difference's first tag) and every release at which a record's
 * check or sub-op starts or stops being made (abi-core checkBoundaries: 4.17.3, after
 * set_singleshot_timer's -ETIME ends at 4.17.2). A page built per epoch is the page of every
 * release in it, errors included.
 */
import { RELEASES, checkBoundaries, compareReleases, type Release } from "@xen-abi/abi-core";
import { RELEASE_EPOCHS } from "@xen-abi/abi-core/machine";

/** Every page epoch's first release, oldest first. */
export const PAGE_EPOCHS: readonly Release[] = Object.freeze(
  [...new Set<Release>([...RELEASE_EPOCHS, ...checkBoundaries()])].sort(compareReleases),
);

/** The page epoch `r` falls in: the newest epoch start that is `r` or older. */
export function pageEpochOf(r: Release): Release {
  let out = PAGE_EPOCHS[0]!;
  for (const e of PAGE_EPOCHS) if (compareReleases(e, r) <= 0) out = e;
  return out;
}

/** The last release of the page epoch starting at `e` (the release before the next one). */
export function pageEpochEnd(e: Release): Release {
  const next = PAGE_EPOCHS[PAGE_EPOCHS.indexOf(e) + 1];
  if (next === undefined) return RELEASES.at(-1)!;
  return RELEASES[RELEASES.indexOf(next) - 1]!;
}
