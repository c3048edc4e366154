/* global document, requestAnimationFrame -- the DOM inside page callbacks */
/**
 * The navbar's search (issue 14 item 7), at each of WIDTHS: the index is not fetched with the
 * page, only on first use, and is small; a sub-op, a struct tag and a hex number each list
 * their hypercall page first, within a time limit that includes fetching the index; Enter opens
 * the first result; the open list does not make the page scroll sideways. Prints the timings.
 */
import { WIDTHS, kb } from "./measure.mjs";

/** The index's budget, bytes: names only (the full-text index it replaced was 2.5 MB). */
export const SEARCH_INDEX_BUDGET = 400_000;
/** Time from typing to the first result, first query included (it fetches the index). */
const ANSWER_MS = 3000;

export const SEARCH_CASES = [
  ["XEN_ARGO_OP_register_ring", "/hypercalls/argo_op", "subop-XEN_ARGO_OP_register_ring"],
  ["xen_argo_register_ring", "/hypercalls/argo_op", "struct-xen_argo_register_ring_t"],
  ["0x27", "/hypercalls/argo_op", ""],
  ["__HYPERVISOR_argo_op", "/hypercalls/argo_op", ""],
  ["EVTCHNOP_send", "/hypercalls/event_channel_op", "subop-EVTCHNOP_send"],
];

const FIRST = "[data-search-results] [data-search-result]";

export async function searchTest(open, origin, record) {
  for (const width of WIDTHS) {
    const { page, problems } = await open();
    await page.setViewportSize({ width, height: 900 });
    const index = [];
    page.on("response", async (r) => {
      if (/\/search-index\.json/.test(r.url())) index.push((await r.body()).length);
    });
    await page.goto(`${origin}/docs/getting-started`, { waitUntil: "networkidle" });
    if (index.length > 0) problems.push("search index fetched with the page, before any use");
    const input = page.locator("input.navbar__search-input");
    const timings = [];
    for (const [q, path, hash] of SEARCH_CASES) {
      await input.fill("");
      const t0 = Date.now();
      await input.fill(q);
      try {
        // The first result for this query: its text is the query or names it.
        await page.waitForFunction(
          ([sel, want]) => document.querySelector(sel)?.getAttribute("href")?.startsWith(want),
          [FIRST, path],
          { timeout: ANSWER_MS },
        );
      } catch {
        const got = await page.getAttribute(FIRST, "href").catch(() => null);
        problems.push(`"${q}": first result ${got} after ${ANSWER_MS} ms, want ${path}`);
        continue;
      }
      const ms = Date.now() - t0;
      timings.push(`"${q}" ${ms} ms`);
      const href = (await page.getAttribute(FIRST, "href")) ?? "";
      if (href !== (hash ? `${path}#${hash}` : path))
        problems.push(`"${q}": first result ${href}, want ${path}${hash ? `#${hash}` : ""}`);
    }
    // While the list is open, the page keeps its width.
    const scroll = await page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => resolve(document.documentElement.scrollWidth)),
        ),
    );
    if (scroll > width) problems.push(`open results make the page ${scroll} px wide`);
    const bytes = index.reduce((a, b) => a + b, 0);
    if (index.length !== 1) problems.push(`search index fetched ${index.length} times`);
    if (bytes > SEARCH_INDEX_BUDGET)
      problems.push(`search index ${kb(bytes)}, over ${kb(SEARCH_INDEX_BUDGET)}`);
    console.log(`search at ${width} px: index ${kb(bytes)}; ${timings.join(", ")}`);
    // Enter opens the first result.
    await input.fill("");
    await input.fill("0x27");
    await page.waitForSelector(FIRST);
    await input.press("Enter");
    await page.waitForURL(/\/hypercalls\/argo_op$/, { timeout: 10000 }).catch(() => {
      problems.push(`Enter on "0x27" went to ${page.url()}`);
    });
    await page.close();
    record(`search at ${width} px: lazy index, names find their hypercall page first`, problems);
  }
}
