/**
 * What "Release differences" says when a hypercall's document lists no release change: that
 * the hypercall is the same in every modelled release only when nothing on the page says
 * otherwise. Modelled behaviour facts shown above it, or errors, sub-ops and quirks that name a
 * release ("from 4.14", "4.12-4.13", "(4.18+)"), are differences, so the page must not then
 * claim there are none.
 */
import type { HypercallPageData } from "@xen-abi/guidelines/views";

/** A release of the modelled span named in prose: 4.12 to 4.29, with or without a point. */
const NAMES_A_RELEASE = /\b4\.(1[2-9]|2\d)\b/;

type Page = Pick<HypercallPageData, "releases" | "behaviour" | "errors" | "subops" | "quirks">;

/** The texts of the page that may name a release a behaviour starts or stops in. */
function releaseProse(data: Page): string[] {
  return [
    ...data.errors.map((e) => e.when),
    ...data.subops.flatMap((s) => [s.summary ?? "", s.since ?? "", ...s.errors.map((e) => e.when)]),
    ...data.quirks.flatMap((q) => [q.title, q.detail]),
  ];
}

/**
 * The sentence to print under "Release differences" when the document lists no change, or
 * undefined when nothing should be added (changes are listed, or the facts above are them).
 */
export function releaseNote(data: Page, oldest: string, release: string): string | undefined {
  if (data.releases.length > 0 || data.behaviour.length > 0) return undefined;
  if (releaseProse(data).some((t) => NAMES_A_RELEASE.test(t)))
    return "Where releases differ, the sub-ops, errors and quirks above say so.";
  return `The same in every modelled release (${oldest}–${release}).`;
}
