/**
 * The thread's question on the site (issue 14 item 2), at both widths: every argument row of a
 * hypercall page says per release what Xen does with the bits above the argument's width, the
 * AArch32-on-arm64 pointer row included, and /abi/aarch32 answers it per Xen.
 */
import { WIDTHS } from "./measure.mjs";

export async function topHalvesTest(open, origin, record) {
  for (const width of WIDTHS) {
    const { page, problems } = await open();
    try {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${origin}/hypercalls/xen_version`);
      const rows = await page.locator("[data-testid='mode-table'] tr[data-arg]").count();
      const answered = await page
        .locator("[data-testid='mode-table'] tr[data-arg] [data-top-half]")
        .count();
      if (rows === 0 || answered !== rows)
        problems.push(`${answered} of ${rows} mode-table rows answer the top-half question`);
      const stale = await page
        .locator("[data-testid='mode-table'] li[data-fate='kept']", { hasText: "4.16.0" })
        .count();
      if (stale === 0)
        problems.push("no row says a stale top half reaches xen_version before 4.16.1");
      await page.goto(`${origin}/abi/aarch32`);
      const fates = await page.$$eval("[data-testid='mode-top-halves'] li", (lis) =>
        lis.map((li) => li.getAttribute("data-fate")),
      );
      for (const f of ["zeroed", "kept", "none"])
        if (!fates.includes(f)) problems.push(`/abi/aarch32 has no '${f}' top-half answer`);
    } catch (e) {
      problems.push(String(e.message ?? e).split("\n")[0]);
    }
    await page.close();
    record(`top halves answered per argument, per release, at ${width} px`, problems);
  }
}
