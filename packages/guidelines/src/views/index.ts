/**
 * @xen-abi/guidelines/views: the view models of the site's pages, built from the catalog. The
 * site renders these and joins nothing itself.
 */
import { GUEST_MODES, NEWEST_RELEASE, RELEASES } from "@xen-abi/abi-core";
import { loadCatalog } from "../catalog/load.js";
import { conformanceReport } from "../conformance/report.js";
import { hypercallPage } from "./hypercall.js";
import { modePage } from "./mode.js";
import { releaseHistory, releaseNotes } from "./release-pages.js";
import { conformanceCells, ruleInfos } from "./rules.js";
import { scenarioSources } from "./scenarios.js";
import type { SiteContent } from "./types.js";

export * from "./types.js";
export { hypercallPage, modeRows } from "./hypercall.js";
export { modePage } from "./mode.js";
export { smcccView } from "./smccc.js";
export { ruleInfos, conformanceCells } from "./rules.js";
export { scenarioSources, type ScenarioWithCalls } from "./scenarios.js";
export { structInfo } from "./structs.js";
export { releaseHistory, releaseNotes } from "./release-pages.js";
export { behaviourFacts, factSpan } from "./release-facts.js";

export interface SiteContentOptions {
  /** Example scenarios, file name -> text (examples/scenarios/). */
  readonly scenarios: Readonly<Record<string, string>>;
  /** Told about a scenario that does not parse (it is left out). */
  readonly skip?: (file: string, why: string) => void;
}

/** Everything the site's generated pages show, for the newest release. */
export function siteContent(opts: SiteContentOptions): SiteContent {
  const catalog = loadCatalog(NEWEST_RELEASE);
  const report = conformanceReport(NEWEST_RELEASE);
  const scenarios = scenarioSources(opts.scenarios, opts.skip);
  return {
    hypercalls: catalog.entries.map((e) =>
      hypercallPage(e, conformanceCells(report, e.name), scenarios),
    ),
    modes: GUEST_MODES.map((m) => modePage(m)),
    rules: ruleInfos(report),
    scenarios: scenarios.map(({ numbers: _n, ...s }) => s),
    newestRelease: NEWEST_RELEASE,
    releases: [...RELEASES],
    history: releaseHistory(scenarios),
    releaseNotes: releaseNotes(),
  };
}
