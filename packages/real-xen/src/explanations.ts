/**
 * Why a known difference between the machine and real Xen is what it is. Each rule matches
 * differences by scenario file, step label or what differs; the docs page lists each
 * difference with its rule's text, and any difference no rule matches as unexplained.
 */
export interface Explanation {
  readonly id: string;
  /** Matches `file`, `label` and the joined `what` of a difference. */
  readonly match: (d: { file: string; label: string; what: string; build: string }) => boolean;
  readonly text: string;
}

export const EXPLANATIONS: readonly Explanation[] = [];

export function explain(d: {
  file: string;
  label: string;
  what: string;
  build: string;
}): Explanation | undefined {
  return EXPLANATIONS.find((e) => e.match(d));
}
