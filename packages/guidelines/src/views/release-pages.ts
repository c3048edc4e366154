/**
 * The site read as of any modelled release: each hypercall and guest-mode page built once per
 * page epoch (views/epochs.ts: abi-core's RELEASE_EPOCHS and every release where a record's
 * check starts or stops, where anything modelled can change), and consecutive
 * epochs whose page is the same merged into one span. A span other than the newest gets its
 * own page; a release in the newest span reads the newest page. The /releases page lists what
 * differs at each epoch (abi-core diffReleases and checkReleaseDiff, as `xen-abi diff-release`
 * prints them).
 */
import {
  GUEST_MODES,
  RELEASE_DIFFERENCES,
  checkReleaseDiff,
  diffReleases,
  type Release,
} from "@xen-abi/abi-core";
import { PAGE_EPOCHS, pageEpochEnd } from "./epochs.js";
import { loadCatalog } from "../catalog/load.js";
import { conformanceReport } from "../conformance/report.js";
import { hypercallPage } from "./hypercall.js";
import { modePage } from "./mode.js";
import { conformanceCells } from "./rules.js";
import type { ScenarioWithCalls } from "./scenarios.js";
import type { HypercallPageData, ModePageData, ReleaseNotesData, SpanPage } from "./types.js";

/** What makes two epochs' pages the same: everything but the release they are built for. */
function sameness(data: { release: string }): string {
  const { release: _r, ...rest } = data;
  return JSON.stringify(rest);
}

/** Per epoch the page, merged into spans of equal pages, oldest first. */
function spans<T extends { release: string }>(
  build: (epoch: Release) => T | undefined,
): SpanPage<T>[] {
  const out: { from: Release; to: Release; key: string; data: T }[] = [];
  for (const epoch of PAGE_EPOCHS) {
    const data = build(epoch);
    if (data === undefined) continue;
    const key = sameness(data);
    const last = out.at(-1);
    if (last && last.key === key) last.to = pageEpochEnd(epoch);
    else out.push({ from: epoch, to: pageEpochEnd(epoch), key, data });
  }
  return out.map(({ from, to, data }) => ({ from, to, data }));
}

/** Every hypercall page and mode page per span of releases (the newest span last). */
export function releaseHistory(scenarios: readonly ScenarioWithCalls[]): {
  hypercalls: Record<string, SpanPage<HypercallPageData>[]>;
  modes: Record<string, SpanPage<ModePageData>[]>;
} {
  const names = new Set<string>();
  for (const e of PAGE_EPOCHS) for (const h of loadCatalog(e).entries) names.add(h.name);
  const reports = new Map(PAGE_EPOCHS.map((e) => [e, conformanceReport(e)]));
  const hypercalls: Record<string, SpanPage<HypercallPageData>[]> = {};
  for (const name of names)
    hypercalls[name] = spans((epoch) => {
      const e = loadCatalog(epoch).byName(name);
      return e && hypercallPage(e, conformanceCells(reports.get(epoch)!, name), scenarios);
    });
  const modes: Record<string, SpanPage<ModePageData>[]> = {};
  for (const mode of GUEST_MODES) modes[mode] = spans((epoch) => modePage(mode, epoch));
  return { hypercalls, modes };
}

/** The /releases page: every release difference with its commits, and what changes per epoch. */
export function releaseNotes(): ReleaseNotesData {
  return {
    differences: RELEASE_DIFFERENCES.map((d) => ({
      id: d.id,
      summary: d.summary,
      arches: d.arches,
      firstTags: d.firstTags,
      commits: d.commits.map((c) => ({ ...c })),
      scenarios: d.scenarios,
      hypercalls: d.hypercalls,
      modes: d.modes,
    })),
    epochs: PAGE_EPOCHS.slice(1).map((epoch, i) => {
      const from = pageEpochEnd(PAGE_EPOCHS[i]!);
      return {
        release: epoch,
        to: pageEpochEnd(epoch),
        from,
        entries: [...diffReleases(from, epoch).entries, ...checkReleaseDiff(from, epoch)].map(
          (x) => ({
            kind: x.kind,
            subject: x.subject,
            ...(x.guest !== undefined && { guest: x.guest }),
            a: x.a,
            b: x.b,
            ...(x.difference !== undefined && { difference: x.difference.id }),
          }),
        ),
      };
    }),
  };
}
