/* global document -- the DOM inside page callbacks */
/**
 * Browser tests of the release axis (issue 17): per-release pages show a changed fact's old
 * value, the selector moves between a page's releases, and the release matrix marks the
 * columns where a step's result changes.
 */

/** Release-prefixed routes (`/4.12.0/hypercalls/argo_op`): older spans of a page. */
export const OLDER_RELEASE_ROUTE = /^\/4\.\d+\.\d+\//;

/**
 * Every route of the newest release, and a sample of the older releases' routes: every
 * `every`-th of them in order, plus the ones these tests open anyway.
 */
export function sampleRoutes(paths, every = 3) {
  const older = paths.filter((p) => OLDER_RELEASE_ROUTE.test(p));
  const keep = new Set(older.filter((_, i) => i % every === 0));
  keep.add("/4.12.0/hypercalls/argo_op");
  return { paths: paths.filter((p) => !OLDER_RELEASE_ROUTE.test(p) || keep.has(p)), older };
}

async function behaviour(page, id) {
  const li = page.locator(`[data-behaviour='${id}']`);
  return {
    carried: await li.getAttribute("data-carried"),
    text: ((await li.textContent()) ?? "").replace(/\s+/g, " "),
  };
}

async function pagesTest(open, origin, record) {
  const { page, problems } = await open();
  // The old page shows the old value: no -EAGAIN from sendv in 4.12.0.
  await page.goto(`${origin}/4.12.0/hypercalls/argo_op`);
  const old = await behaviour(page, "argoSendvEagain");
  if (old.carried !== "false" || !old.text.includes("until 4.12.0"))
    problems.push(`4.12.0 argo_op page: ${JSON.stringify(old)}`);
  if (!old.text.includes("478a0ecb1a")) problems.push("4.12.0 page lacks the backport's commit");
  const sel = await page.getAttribute("[data-testid='release-select']", "data-release");
  if (sel !== "4.12.0") problems.push(`selector on the 4.12.0 page shows ${sel}`);
  // The newest page shows the new value and says since when.
  await page.goto(`${origin}/hypercalls/argo_op`);
  const now = await behaviour(page, "argoSendvEagain");
  if (now.carried !== "true" || !now.text.includes("since 4.12.1"))
    problems.push(`newest argo_op page: ${JSON.stringify(now)}`);
  // Picking 4.12.0 in the selector goes to its page; 4.18.1 stays here with a note.
  await page.selectOption("select[aria-label='Xen release']", "4.12.0");
  await page.waitForURL(/\/4\.12\.0\/hypercalls\/argo_op$/, { timeout: 10000 });
  if ((await behaviour(page, "argoSendvEagain")).carried !== "false")
    problems.push("the selector's 4.12.0 page does not show the old behaviour");
  await page.selectOption("select[aria-label='Xen release']", "4.18.1");
  await page.waitForURL(/\/hypercalls\/argo_op\?release=4\.18\.1$/, { timeout: 10000 });
  const note = (await page.textContent("[data-release-note]")) ?? "";
  if (!note.includes("4.18.1")) problems.push(`no note for an unchanged release: "${note}"`);
  // A table fact: vcpu_op's Arm handler before 4.17 says until when, and differs.
  await page.goto(`${origin}/4.12.0/hypercalls/vcpu_op`);
  const oldRow =
    (await page
      .locator("[data-testid='mode-table'] tr", { hasText: "aarch64" })
      .first()
      .textContent()) ?? "";
  await page.goto(`${origin}/hypercalls/vcpu_op`);
  const newRow =
    (await page
      .locator("[data-testid='mode-table'] tr", { hasText: "aarch64" })
      .first()
      .textContent()) ?? "";
  if (!oldRow.includes("until 4.16.7") || !newRow.includes("since 4.17.0") || oldRow === newRow)
    problems.push(`vcpu_op aarch64 rows:\n      4.12.0: ${oldRow}\n      newest: ${newRow}`);
  // The aarch32 ABI page of 4.16.1 has the backported zeroing; 4.16.0's does not.
  await page.goto(`${origin}/4.16.1/abi/aarch32`);
  const z1 = await behaviour(page, "armZeroAarch32TopHalves");
  await page.goto(`${origin}/4.15.0/abi/aarch32`);
  const z0 = await behaviour(page, "armZeroAarch32TopHalves");
  if (z1.carried !== "true" || z0.carried !== "false" || !z0.text.includes("until 4.16.0"))
    problems.push(`aarch32 pages: 4.16.1 ${JSON.stringify(z1)}; 4.15.0 ${JSON.stringify(z0)}`);
  await page.close();
  record("releases: old pages show old facts, since/until, the selector", problems);
}

export async function releaseTests(open, origin, record) {
  await pagesTest(open, origin, record);
}
