/* global document -- the DOM inside page callbacks */
/**
 * The hypercall index as a working table (issue 14 item 6), at both widths: a query string
 * selects rows (number in hex, sub-op, `__HYPERVISOR_*` name), the filters and sort change
 * the rows and the URL, and a URL reopens the same view.
 */
import { WIDTHS } from "./measure.mjs";

const names = (page) =>
  page.$$eval("[data-testid='hypercall-table'] tbody tr", (trs) =>
    trs.map((tr) => tr.getAttribute("data-hypercall")),
  );

export async function indexTest(open, origin, record) {
  for (const width of WIDTHS) {
    const { page, problems } = await open();
    try {
      await page.setViewportSize({ width, height: 900 });
      for (const [q, want] of [
        ["0x27", ["argo_op"]],
        ["39", ["argo_op"]],
        ["__HYPERVISOR_memory_op", ["memory_op"]],
        ["XEN_ARGO_OP_sendv", ["argo_op"]],
      ]) {
        await page.goto(`${origin}/hypercalls?q=${encodeURIComponent(q)}`);
        await page
          .waitForFunction(
            (n) =>
              document.querySelectorAll("[data-testid='hypercall-table'] tbody tr").length === n,
            want.length,
            { timeout: 10000 },
          )
          .catch(() => {});
        const got = await names(page);
        if (JSON.stringify(got) !== JSON.stringify(want))
          problems.push(`?q=${q}: rows ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
      // Filters: runs on the machine (every sub-op), then sort by args, descending.
      await page.getByLabel("search hypercalls").fill("");
      await page.getByLabel("runs on the machine").selectOption("all");
      const runs = await page.$$eval("[data-testid='hypercall-table'] tbody td[data-runs]", (tds) =>
        tds.map((td) => td.getAttribute("data-runs")),
      );
      if (runs.length === 0 || runs.some((r) => r !== "yes"))
        problems.push(`runs filter: ${JSON.stringify(runs)}`);
      await page.locator("button[data-sort='nargs']").click();
      await page.locator("button[data-sort='nargs']").click();
      const url = page.url();
      if (!url.includes("runs=all") || !url.includes("sort=nargs") || !url.includes("desc=1"))
        problems.push(`URL does not hold the view: ${url}`);
      const sorted = await names(page);
      if (sorted[0] !== "argo_op") problems.push(`sorted by args, descending: ${sorted.join(",")}`);
      // The URL reopens the same view.
      await page.goto(url);
      await page.waitForFunction(
        () => document.querySelector("button[data-sort='nargs']")?.textContent?.includes("▼"),
        null,
        { timeout: 10000 },
      );
      const again = await names(page);
      if (JSON.stringify(again) !== JSON.stringify(sorted))
        problems.push(`reopened URL shows ${again.join(",")}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scroll > width) problems.push(`scrolls sideways: ${scroll} px`);
    } catch (e) {
      problems.push(String(e.message ?? e).split("\n")[0]);
    }
    await page.close();
    record(`hypercall index: search, filter, sort, URL at ${width} px`, problems);
  }
}
