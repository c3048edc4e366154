/* global document -- the DOM inside page callbacks */
/**
 * Browser tests of the release axis (issue 17): per-release pages show a changed fact's old
 * value, the selector moves between a page's releases, and the release matrix marks the
 * columns where a step's result changes.
 */
import { revealLive } from "./harness.mjs";

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
  try {
    await page.waitForSelector("[data-behaviour='argoSendvEagain'][data-carried='false']", {
      timeout: 10000,
    });
  } catch {
    problems.push("the selector's 4.12.0 page does not show the old behaviour");
  }
  await page.selectOption("select[aria-label='Xen release']", "4.18.1");
  await page.waitForURL(/\/hypercalls\/argo_op\?release=4\.18\.1$/, { timeout: 10000 });
  try {
    await page.waitForFunction(
      () => document.querySelector("[data-release-note]")?.textContent?.includes("4.18.1"),
      undefined,
      { timeout: 10000 },
    );
  } catch {
    const note = await page.textContent("[data-release-note]").catch(() => null);
    problems.push(`no note for an unchanged release: "${note}"`);
  }
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
  // The 4.12.0 index links 4.12.0's argo_op page and its selector shows 4.12.0.
  await page.goto(`${origin}/4.12.0/hypercalls`);
  const href = await page.getAttribute("tr[data-hypercall='argo_op'] a", "href");
  const idxSel = await page.getAttribute("[data-testid='release-select']", "data-release");
  if (href !== "/4.12.0/hypercalls/argo_op" || idxSel !== "4.12.0")
    problems.push(`4.12.0 index: argo_op links ${href}, selector ${idxSel}`);
  await page.close();
  record("releases: old pages show old facts, since/until, the selector", problems);
}

/** The releases of a matrix row's marked cells: [changed, before]. */
async function marks(page, scope, row) {
  const sel = `${scope} tr[data-matrix-row='${row}']`;
  return page.$$eval(`${sel} td[data-changed], ${sel} td[data-before]`, (tds) =>
    tds.map(
      (td) => `${td.getAttribute("data-release")}${td.hasAttribute("data-changed") ? "*" : "<"}`,
    ),
  );
}

async function matrixTest(open, origin, record) {
  const { page, problems } = await open();
  // The playground reruns the top-half scenario under 4.15.6..4.16.2: the register_ring step
  // changes between 4.16.0 and 4.16.1 and is marked in exactly those columns.
  await page.goto(
    `${origin}/playground?example=aarch32-upper-bits-4.16.yaml&releases=4.15.6..4.16.2`,
  );
  await page.waitForSelector("[data-matrix-box][data-render-ms]", { timeout: 30000 });
  const rows = await page.$$eval("[data-release-matrix] tr[data-matrix-row]", (trs) =>
    trs.map((tr) => tr.getAttribute("data-matrix-row")),
  );
  const marked = [];
  for (const r of rows) {
    const m = await marks(page, "[data-release-matrix]", r);
    if (m.length > 0) marked.push([r, m]);
  }
  if (
    marked.length !== 1 ||
    JSON.stringify(marked[0][1]) !== JSON.stringify(["4.16.0<", "4.16.1*"])
  )
    problems.push(`playground matrix marks: ${JSON.stringify(marked)}`);
  if (!page.url().includes("releases=4.15.6..4.16.2"))
    problems.push(`the URL lost the release choice: ${page.url()}`);
  const changeLine = (await page.textContent("[data-release-matrix]")) ?? "";
  if (!changeLine.includes("04c7cc2b79"))
    problems.push("no backport commit under the changed step");
  // Run with the scenario and releases unchanged runs the matrix again.
  const firstId = await page.getAttribute("[data-matrix-box]", "data-matrix-id");
  await page.click("button:text-is('Run')");
  try {
    await page.waitForFunction(
      (id) => {
        const box = document.querySelector("[data-matrix-box][data-render-ms]");
        return box && box.getAttribute("data-matrix-id") !== id;
      },
      firstId,
      { timeout: 30000 },
    );
  } catch {
    problems.push("Run with an unchanged scenario did not rerun the release matrix");
  }
  // The URL reproduces the choice.
  const shared = page.url();
  const again = await open();
  await again.page.goto(shared);
  await again.page.waitForSelector("[data-matrix-box][data-render-ms]", { timeout: 30000 });
  const cols = await again.page.$$eval("[data-release-matrix] thead th[data-release]", (ths) =>
    ths.map((th) => th.getAttribute("data-release")),
  );
  if (cols.join(",") !== "4.15.6,4.15.7,4.16.0,4.16.1,4.16.2")
    problems.push(`shared URL's matrix columns: ${cols}`);
  await again.page.close();
  problems.push(...again.problems);
  // Every example scenario as an eleven-release matrix: time from request to rendered table.
  await page.selectOption("select[aria-label='releases']", "4.12..4.22");
  await page.waitForFunction(
    () =>
      document.querySelectorAll("[data-release-matrix] thead th[data-release]").length === 11 &&
      document.querySelector("[data-matrix-box][data-render-ms]"),
    undefined,
    { timeout: 30000 },
  );
  const files = await page.$$eval("select[aria-label='example scenario'] option", (os) =>
    os.map((o) => o.value).filter((v) => v !== ""),
  );
  const times = [];
  for (const f of files) {
    // The loaded example's eleven-release matrix is already shown (selecting it again runs
    // nothing new).
    if (f === "aarch32-upper-bits-4.16.yaml") {
      times.push([f, Number(await page.getAttribute("[data-matrix-box]", "data-render-ms"))]);
      continue;
    }
    const before = await page.getAttribute("[data-matrix-box]", "data-matrix-id");
    await page.selectOption("select[aria-label='example scenario']", f);
    try {
      await page.waitForFunction(
        (b) => {
          const box = document.querySelector("[data-matrix-box]");
          return (
            box && box.getAttribute("data-matrix-id") !== b && box.hasAttribute("data-render-ms")
          );
        },
        before,
        { timeout: 30000 },
      );
      times.push([f, Number(await page.getAttribute("[data-matrix-box]", "data-render-ms"))]);
    } catch {
      const err = await page.textContent("[data-matrix-error]").catch(() => null);
      problems.push(`${f}: no eleven-release matrix${err ? `: ${err}` : ""}`);
    }
  }
  times.sort((a, b) => b[1] - a[1]);
  const total = times.reduce((s, [, ms]) => s + ms, 0);
  console.log(
    `matrix: ${times.length} example scenarios x 11 releases, run and rendered: max ${times[0]?.[1]} ms (${times[0]?.[0]}), median ${times[Math.floor(times.length / 2)]?.[1]} ms, total ${total.toFixed(0)} ms`,
  );
  await page.close();
  record(
    "releases: playground matrix marks 4.16.0|4.16.1, Run reruns it, URL keeps it, every example",
    problems,
  );

  // The docs show the matrix live.
  const docs = await open();
  const changedCells = async (path, boxes) => {
    await docs.page.goto(`${origin}${path}`);
    await revealLive(docs.page);
    try {
      await docs.page.waitForFunction(
        (n) =>
          document.querySelectorAll("[data-live-matrix] [data-matrix-box][data-render-ms]")
            .length === n,
        boxes,
        { timeout: 30000 },
      );
    } catch {
      docs.problems.push(`${path}: the matrix did not render within 30 s`);
    }
    return docs.page.$$eval("[data-live-matrix] td[data-changed]", (tds) =>
      tds.map((td) => td.getAttribute("data-release")),
    );
  };
  const top = await changedCells("/docs/aarch32-top-halves", 1);
  if (top.join(",") !== "4.16.1") docs.problems.push(`aarch32 page: changed cells at ${top}`);
  const poison = await changedCells("/docs/abi-per-arch", 1);
  if (poison.join(",") !== "4.17.0,4.17.0")
    docs.problems.push(`poisoning page: changed cells at ${poison}`);
  await docs.page.close();
  record(
    "releases: docs pages show the matrix live (top halves 4.16.1, poisoning 4.17.0)",
    docs.problems,
  );
}

export async function releaseTests(open, origin, record) {
  await pagesTest(open, origin, record);
  await matrixTest(open, origin, record);
}
