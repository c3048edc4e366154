/**
 * Xen releases as Xen tags them (RELEASE-4.16.1 is "4.16.1") and the behaviour that differs
 * between them. A release line ("4.16") names its x.y.0, so files and tables written before
 * point releases keep their meaning. Comparisons are by (minor, patch).
 *
 * Behaviour that differs is listed in RELEASE_DIFFERENCES (release-differences.ts) with the
 * commit that introduced it and the first tag of every branch that carries it, backports
 * included; releaseProfile() turns that list into the flags the machine reads.
 */
import { RELEASE_DIFFERENCES, type ReleaseDifferenceId } from "./release-differences.js";

/**
 * Every tagged point release the machine models: `git tag -l 'RELEASE-4.*'` in
 * xen-project/xen, 4.12.0 upward. The last patch number of each line, 4.12 first.
 */
const LAST_PATCH = [4, 5, 6, 7, 7, 7, 6, 6, 4, 2, 0] as const;

/** A release line: every 4.x.y with the same x. */
export const RELEASE_LINES = [
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
export type ReleaseLine = (typeof RELEASE_LINES)[number];

/** A point release, "4.<minor>.<patch>", as the tag names it without `RELEASE-`. */
export type Release = `${ReleaseLine}.${number}`;

/**
 * Where tables name the first release of something: a point release, or a line meaning its
 * x.y.0 ("4.17" is "4.17.0").
 */
export type ReleaseRef = Release | ReleaseLine;

/** Every modelled point release, oldest first. */
export const RELEASES: readonly Release[] = Object.freeze(
  RELEASE_LINES.flatMap((line, i) =>
    Array.from({ length: LAST_PATCH[i]! + 1 }, (_, p) => `${line}.${p}` as Release),
  ),
);

/** The x.y.0 of every line, oldest first: the releases a table that changes per line needs. */
export const LINE_RELEASES: readonly Release[] = Object.freeze(
  RELEASE_LINES.map((l) => `${l}.0` as Release),
);

export const NEWEST_RELEASE: Release = RELEASES.at(-1)!;
export const OLDEST_RELEASE: Release = RELEASES[0]!;

const RELEASE_SET: Readonly<Record<string, true>> = Object.freeze(
  Object.fromEntries(RELEASES.map((r) => [r, true as const])),
);
const LINE_SET: Readonly<Record<string, true>> = Object.freeze(
  Object.fromEntries(RELEASE_LINES.map((r) => [r, true as const])),
);

/** Whether `s` is a modelled point release written in full ("4.16.1", not "4.16"). */
export function isRelease(s: string): s is Release {
  return Object.hasOwn(RELEASE_SET, s);
}

/** Whether `s` names a modelled release: a point release or a line ("4.16" = "4.16.0"). */
export function isReleaseRef(s: string): s is ReleaseRef {
  return Object.hasOwn(RELEASE_SET, s) || Object.hasOwn(LINE_SET, s);
}

/**
 * The point release `s` names ("4.16" -> "4.16.0", "RELEASE-4.16.1" -> "4.16.1"), or
 * undefined if it is not a tagged release the machine models.
 */
export function parseRelease(s: string): Release | undefined {
  const t = s.startsWith("RELEASE-") ? s.slice("RELEASE-".length) : s;
  if (Object.hasOwn(RELEASE_SET, t)) return t as Release;
  if (Object.hasOwn(LINE_SET, t)) return `${t}.0` as Release;
  return undefined;
}

/** The point release a table's reference names ("4.17" -> "4.17.0"). */
export function toRelease(r: ReleaseRef): Release {
  return r.length <= 4 ? (`${r}.0` as Release) : (r as Release);
}

/** Minor version ("4.17.2" -> 17). */
export function releaseMinor(r: ReleaseRef): number {
  return (r.charCodeAt(2) - 48) * 10 + (r.charCodeAt(3) - 48);
}

/** Patch level ("4.17.2" -> 2; a line names its x.y.0). */
export function releasePatch(r: ReleaseRef): number {
  return r.length <= 4 ? 0 : Number(r.slice(5));
}

/** The line a release belongs to ("4.16.1" -> "4.16"). */
export function releaseLine(r: ReleaseRef): ReleaseLine {
  return r.slice(0, 4) as ReleaseLine;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareReleases(a: ReleaseRef, b: ReleaseRef): number {
  return releaseMinor(a) - releaseMinor(b) || releasePatch(a) - releasePatch(b);
}

/** `r` is `from` or newer. */
export function releaseAtLeast(r: ReleaseRef, from: ReleaseRef): boolean {
  return compareReleases(r, from) >= 0;
}

/**
 * The modelled line an x.y.z names when it is not one of the line's tags ("4.16.9" -> "4.16"),
 * so an error can name the line's tags; undefined for anything else.
 */
export function lineOfUntagged(s: string): ReleaseLine | undefined {
  if (!/^\d+\.\d+\.\d+$/.test(s) || parseRelease(s) !== undefined) return undefined;
  return RELEASE_LINES.find((l) => s.startsWith(`${l}.`));
}

/** The newest point release of a line. */
export function lastOfLine(line: ReleaseLine): Release {
  const i = RELEASE_LINES.indexOf(line);
  return `${line}.${LAST_PATCH[i]!}` as Release;
}

/** The release after `r` in RELEASES, or undefined for the newest. */
export function nextRelease(r: Release): Release | undefined {
  return RELEASES[RELEASES.indexOf(r) + 1];
}

/** The modelled releases from `a` to `b`, both included, oldest first. */
export function releasesBetween(a: ReleaseRef, b: ReleaseRef): Release[] {
  return RELEASES.filter((r) => releaseAtLeast(r, a) && compareReleases(r, b) <= 0);
}

/**
 * Whether a change is in release `r`, given the first tag of every branch that carries it
 * (`["4.16.1", "4.17.0"]`): `r`'s own line carries it from its listed tag on, and every line
 * newer than the newest listed tag carries it from its x.y.0 (it was in master by then).
 */
export function releaseCarries(r: ReleaseRef, firstTags: readonly Release[]): boolean {
  const minor = releaseMinor(r);
  let newestMinor = -1;
  for (const t of firstTags) {
    const m = releaseMinor(t);
    if (m === minor) return releasePatch(r) >= releasePatch(t);
    if (m > newestMinor) newestMinor = m;
  }
  return minor > newestMinor;
}

/** Behaviour switches of one release; each is a RELEASE_DIFFERENCES entry. */
export type ReleaseProfile = {
  readonly release: Release;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
} & { readonly [K in ReleaseDifferenceId]: boolean };

function buildProfile(r: Release): ReleaseProfile {
  const flags = {} as Record<ReleaseDifferenceId, boolean>;
  for (const d of RELEASE_DIFFERENCES) flags[d.id] = releaseCarries(r, d.firstTags);
  return Object.freeze({
    release: r,
    major: 4,
    minor: releaseMinor(r),
    patch: releasePatch(r),
    ...flags,
  });
}

/** Every release's profile, built once: the machine reads a profile per hypercall. */
const PROFILES: Readonly<Record<string, ReleaseProfile>> = Object.freeze(
  Object.fromEntries(RELEASES.map((r) => [r, buildProfile(r)])),
);

/**
 * The behaviour switches of a release (a line names its x.y.0); with `flip`, those
 * differences switched the other way (what the release would do without, or with, them).
 */
export function releaseProfile(
  release: ReleaseRef,
  flip: readonly ReleaseDifferenceId[] = [],
): ReleaseProfile {
  const p = PROFILES[toRelease(release)];
  if (p === undefined) throw new Error(`unmodelled release '${release}'`);
  if (flip.length === 0) return p;
  const flipped: Record<string, unknown> = { ...p };
  for (const id of flip) flipped[id] = !p[id];
  return Object.freeze(flipped as ReleaseProfile);
}
