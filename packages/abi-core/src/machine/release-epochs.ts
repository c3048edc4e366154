/**
 * The releases at which anything the machine models can change: the x.y.0 of every line (the
 * hypercall table, prototypes and structs change per line) and the first tag of every branch
 * that carries a release difference (a backport starts mid-line). Between two epochs every
 * release behaves alike, so a view built per epoch is a view of every release.
 */
import { RELEASE_DIFFERENCES } from "./release-differences.js";
import { LINE_RELEASES, RELEASES, compareReleases, type Release } from "./release.js";

/** Every epoch start, oldest first. */
export const RELEASE_EPOCHS: readonly Release[] = Object.freeze(
  [
    ...new Set<Release>([...LINE_RELEASES, ...RELEASE_DIFFERENCES.flatMap((d) => d.firstTags)]),
  ].sort(compareReleases),
);

/** The epoch `r` falls in: the newest epoch start that is `r` or older. */
export function epochOf(r: Release): Release {
  let out = RELEASE_EPOCHS[0]!;
  for (const e of RELEASE_EPOCHS) if (compareReleases(e, r) <= 0) out = e;
  return out;
}

/** The last release of the epoch starting at `e` (the release before the next epoch). */
export function epochEnd(e: Release): Release {
  const i = RELEASE_EPOCHS.indexOf(e);
  const next = RELEASE_EPOCHS[i + 1];
  if (next === undefined) return RELEASES.at(-1)!;
  return RELEASES[RELEASES.indexOf(next) - 1]!;
}
