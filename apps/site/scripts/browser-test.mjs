#!/usr/bin/env node
/* global document -- the DOM inside page callbacks */
/**
 * Browser tests of the built site, with Debian's chromium driven by playwright-core.
 *
 * Serves build/ with `docusaurus serve` on a spare port, then: visits every route in the
 * sitemap (failing on a console error, an uncaught exception, a failed request or an HTTP
 * error), checks that every live example on a page reaches "pass" (its output deep-equals what
 * the page promises), runs a playground scenario and checks its result and shareable URL, and
 * fills the proposal form end to end and lints what it emits. Prints `N passed, N failed`.
 *
 * Needs `npm run build` first. Env: CHROMIUM (default /usr/bin/chromium), PORT (default 3123),
 * CONCURRENCY (default 3).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SITE, revealLive, withBrowser } from "./harness.mjs";
import { uxTests } from "./ux-tests.mjs";
import { searchTest } from "./search-test.mjs";
import { citationsTest } from "./citations-test.mjs";
import { releaseTests, sampleRoutes } from "./release-tests.mjs";
import { proposeEndToEnd } from "./propose-test.mjs";
import { indexTest } from "./index-test.mjs";
import { topHalvesTest } from "./top-halves-test.mjs";
import { WEIGHT_BUDGET, WIDTHS, kb, trackRequests, weightOf, widthsOf } from "./measure.mjs";

const PORT = Number(process.env.PORT ?? 3123);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 3);

let passed = 0;
let failed = 0;
const failures = [];

function record(name, problems) {
  if (problems.length === 0) passed++;
  else {
    failed++;
    failures.push(`${name}\n    ${problems.join("\n    ")}`);
  }
}

function routes() {
  const xml = readFileSync(join(SITE, "build", "sitemap.xml"), "utf8");
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  return [...new Set(paths)].sort();
}

/** Open a page that records every console error, page error, failed request and HTTP error. */
async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => {
    // Docusaurus's CodeBlock reads its ref in a window resize listener that can outlive it
    // (theme-common useCodeWordWrap); the width check's viewport change sometimes trips it.
    if (/destructure property 'scrollWidth'/.test(e.message)) return;
    problems.push(`page error: ${e.message}`);
  });
  page.on("requestfailed", (r) => {
    // A navigation away aborts pending prefetches; that is not a failure of the page.
    if (r.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

/** The live examples the production build rendered into a route's HTML (their ids). */
function builtLiveExamples(path) {
  const base = join(SITE, "build", path === "/" ? "index" : path);
  for (const file of [`${base}.html`, join(base, "index.html")]) {
    try {
      const html = readFileSync(file, "utf8");
      // The minifier drops the quotes around simple attribute values.
      return [...html.matchAll(/data-live-example=(?:"([^"]+)"|([^\s>"]+))/g)].map(
        (m) => m[1] ?? m[2],
      );
    } catch {
      // not this layout of the build
    }
  }
  return [];
}

/**
 * Every live example the build put on the page must run in the browser and finish with
 * status "pass", its output equal to its expected value. The ids come from the built HTML,
 * so an example that never renders or never runs is a failure, not a skipped check.
 */
async function checkLiveExamples(page, path, problems) {
  const ids = builtLiveExamples(path);
  if (ids.length === 0) return 0;
  try {
    await page.waitForFunction(
      (want) =>
        want.every((id) =>
          ["pass", "fail", "error"].includes(
            document
              .querySelector(`[data-live-example="${id}"]`)
              ?.getAttribute("data-live-status") ?? "",
          ),
        ),
      ids,
      { timeout: 20000 },
    );
  } catch {
    problems.push("live examples did not finish within 20 s");
  }
  const results = await page.$$eval("[data-live-example]", (els) =>
    els.map((e) => ({
      id: e.getAttribute("data-live-example"),
      status: e.getAttribute("data-live-status"),
      output: e.querySelector("[data-live-output]")?.textContent ?? "",
      expected: e.querySelector("[data-live-expected]")?.textContent ?? "",
    })),
  );
  for (const id of ids) {
    const r = results.find((x) => x.id === id);
    if (r === undefined) problems.push(`live example ${id}: not on the page`);
    else if (r.status !== "pass" || r.output !== r.expected)
      problems.push(
        `live example ${r.id}: ${r.status}\n      output:   ${r.output}\n      expected: ${r.expected}`,
      );
  }
  return ids.length;
}

/** Per route: its first-load bytes and its document width at each of WIDTHS. */
const measured = new Map();

async function visitAll(context, paths) {
  let live = 0;
  let next = 0;
  async function worker() {
    const { page, problems } = await open(context);
    const files = trackRequests(page);
    while (next < paths.length) {
      const path = paths[next++];
      problems.length = 0;
      files.clear();
      try {
        // The first load at the laptop width, whatever the last route's checks left.
        await page.setViewportSize({ width: WIDTHS[0], height: 900 });
        const res = await page.goto(ORIGIN + path, { waitUntil: "load" });
        if (!res || !res.ok()) problems.push(`status ${res?.status()}`);
        if ((await page.locator("h1").count()) === 0) problems.push("no h1");
        // The first load: what the page fetches until the network is idle, lazy chunks
        // included, before the reader scrolls (live examples run when reached).
        await page.waitForLoadState("networkidle", { timeout: 60_000 });
        const weight = weightOf(files);
        const widths = await widthsOf(page);
        measured.set(path, { weight, widths });
        await revealLive(page);
        // Await first: `live += await ...` would read live before the await and lose the
        // other workers' counts.
        const n = await checkLiveExamples(page, path, problems);
        live += n;
        if (weight > WEIGHT_BUDGET)
          problems.push(`first load ${kb(weight)}, over the ${kb(WEIGHT_BUDGET)} budget`);
        for (const w of WIDTHS)
          if (widths[w] > w) problems.push(`scrolls sideways at ${w} px: ${widths[w]} px wide`);
      } catch (e) {
        problems.push(String(e.message ?? e).split("\n")[0]);
      }
      record(`route ${path}`, [...problems]);
      // Leave the page, so a request it starts late (the run worker of a matrix just scrolled
      // to) is not counted in the next route's first load.
      await page.goto("about:blank");
    }
    await page.close();
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return live;
}

async function playgroundTest(context) {
  const { page, problems } = await open(context);
  await page.goto(`${ORIGIN}/playground?example=aarch32-upper-bits-4.16.yaml`);
  await page.waitForSelector("[data-playground-result]", { timeout: 20000 });
  const result = await page.getAttribute("[data-playground-result]", "data-playground-result");
  if (result !== "pass") problems.push(`stale-top-half scenario: result ${result}`);
  const hypercall = page.locator("details[data-step] summary", {
    hasText: "argo_op register_ring",
  });
  const text = (await hypercall.textContent()) ?? "";
  if (!text.includes("ret -22")) problems.push(`expected ret -22 in "${text}"`);
  if ((await page.locator("tr[data-changed]").count()) === 0)
    problems.push("no changed register highlighted");
  if ((await page.locator("[data-trace] li").count()) === 0) problems.push("no dispatcher trace");
  // The URL now holds the scenario: a fresh page opened on it runs the same thing.
  const shared = page.url();
  if (!shared.includes("#s=")) problems.push(`no scenario in the URL: ${shared}`);
  // Break an expectation by editing the YAML and check the failure is shown.
  // A textarea until the first focus, then CodeMirror with the same label.
  const editor = page.locator("[aria-label='scenario YAML']");
  await page.setViewportSize({ width: 390, height: 900 });
  const runBox = await page.getByRole("button", { name: "Run", exact: true }).boundingBox();
  if (!runBox || runBox.x + runBox.width > 390)
    problems.push(`Run off-screen at 390 px: ${JSON.stringify(runBox)}`);
  const yaml = await editor.inputValue();
  await editor.fill(yaml.replace("ret: -22", "ret: -95"));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.waitForSelector("[data-playground-result='fail']", { timeout: 10000 });
  // The edit loaded CodeMirror, YAML highlighted; the failing step is marked at its line.
  await page
    .waitForSelector("[data-code-editor='codemirror'] .cm-content .xa-tok-prop", {
      timeout: 15000,
    })
    .catch(() => problems.push("no CodeMirror with YAML keys highlighted after an edit"));
  if ((await page.locator(".cm-line[data-marked-line]").count()) === 0)
    problems.push("failing step not marked in the editor");
  await editor.fill(yaml + "\n");
  if ((await page.locator("[data-playground-stale]").count()) !== 1)
    problems.push("result not marked stale after an edit");
  const failure = (await page.locator("details[data-step] li").first().textContent()) ?? "";
  if (!failure.includes("expected -95 (-EOPNOTSUPP), got -22 (-EINVAL)"))
    problems.push(`failure text: "${failure}"`);
  await page.close();
  const second = await open(context);
  await second.page.goto(shared);
  await second.page.waitForSelector("[data-playground-result]", { timeout: 20000 });
  const again = await second.page.getAttribute(
    "[data-playground-result]",
    "data-playground-result",
  );
  if (again !== "pass") problems.push(`shared URL: result ${again}`);
  // An invalid scenario is reported, not run.
  await second.page
    .locator("[aria-label='scenario YAML']")
    .fill("xen: { arch: sparc }\ndomains: []\nsteps: []\n");
  await second.page.getByRole("button", { name: "Run", exact: true }).click();
  await second.page.waitForSelector("[data-playground-error]", { timeout: 10000 });
  await second.page.close();
  record("playground: run, highlight, share, fail, reject", [...problems, ...second.problems]);
}

async function proposeTest(context) {
  const problems = await proposeEndToEnd(() => open(context), ORIGIN);
  record("propose: fill the form end to end, inline lint, URL state, lint the YAML", problems);
}

/** The figures: heaviest routes, widest routes at the phone width, and the maxima. */
function printMeasures() {
  const all = [...measured.entries()];
  const heavy = [...all].sort((a, b) => b[1].weight - a[1].weight);
  const phone = WIDTHS[WIDTHS.length - 1];
  const wide = [...all].sort((a, b) => b[1].widths[phone] - a[1].widths[phone]);
  console.log(`weight: heaviest first loads (budget ${kb(WEIGHT_BUDGET)}):`);
  for (const [p, m] of heavy.slice(0, 8))
    console.log(`  ${kb(m.weight).padStart(8)}  ${p}${m.weight > WEIGHT_BUDGET ? "  OVER" : ""}`);
  console.log(`width at ${phone} px: widest routes:`);
  for (const [p, m] of wide.slice(0, 8))
    console.log(`  ${String(m.widths[phone]).padStart(5)} px  ${p}`);
}

const started = Date.now();
// ROUTES=/hypercalls,/docs limits the visit to routes starting with one of them (for work on
// a few pages; CI visits all).
const only = process.env.ROUTES?.split(",");
// Every route of the newest release; of the older releases' pages (/4.12.0/...), a sample.
const sampled = sampleRoutes(routes());
const paths = sampled.paths.filter(
  (p) => !only || only.some((o) => p === o || p.startsWith(`${o}/`)),
);
// SPECS=search,ux runs only the named specs (routes, playground, propose, search, ux, index,
// top-halves, releases, citations), for work on one of them on a shared machine; CI runs all.
const specs = process.env.SPECS?.split(",");
const want = (name) => !specs || specs.includes(name);
await withBrowser(PORT, async (context) => {
  const live = want("routes") ? await visitAll(context, paths) : 0;
  if (want("playground")) await playgroundTest(context);
  if (want("propose")) await proposeTest(context);
  if (want("search")) await searchTest(() => open(context), ORIGIN, record);
  if (want("ux")) await uxTests(() => open(context), ORIGIN, record);
  if (want("index")) await indexTest(() => open(context), ORIGIN, record);
  if (want("top-halves")) await topHalvesTest(() => open(context), ORIGIN, record);
  if (want("releases")) await releaseTests(() => open(context), ORIGIN, record);
  if (want("citations")) await citationsTest(() => open(context), ORIGIN, record);
  const olderVisited = paths.filter((p) => sampled.older.includes(p)).length;
  console.log(
    `browser: ${paths.length} routes (${olderVisited} of ${sampled.older.length} older-release pages), ${live} live examples checked, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});
printMeasures();
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
