#!/usr/bin/env node
/* global document -- the DOM inside page callbacks */
/**
 * The site's budgets, measured and reported: a production build under 2 minutes, and a
 * hypercall page's JavaScript under 350 KB gzip. The build is timed here (a fresh
 * `docusaurus build`); the page's JavaScript is every script the browser fetches for
 * /hypercalls/argo_op until its live examples have run, each gzipped (level 9) from build/.
 *
 * `npm run test:browser` runs this first, so its timed build is the one the browser test then
 * visits: the site is built once.
 *
 * Options: --no-build measures the existing build/ only. Exit status 1 when over budget.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DOCUSAURUS, SITE, revealLive, withBrowser } from "./harness.mjs";

const BUILD_BUDGET_S = 120;
const JS_BUDGET_KB = 350;
const PAGE = "/hypercalls/argo_op";
const PORT = Number(process.env.PORT ?? 3124);

const report = [];
let over = false;

if (!process.argv.includes("--no-build")) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [DOCUSAURUS, "build"], {
    cwd: SITE,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error("docusaurus build failed");
  const s = (Date.now() - t0) / 1000;
  over ||= s > BUILD_BUDGET_S;
  report.push(
    `build: ${s.toFixed(1)} s (budget ${BUILD_BUDGET_S} s)${s > BUILD_BUDGET_S ? "  OVER" : ""}`,
  );
}

await withBrowser(PORT, async (context) => {
  const page = await context.newPage();
  const scripts = new Set();
  page.on("request", (r) => {
    const u = new URL(r.url());
    // Scripts the page runs; Docusaurus's prefetches of linked routes (type "other") are not its JS.
    if (u.pathname.endsWith(".js") && r.resourceType() === "script") scripts.add(u.pathname);
  });
  await page.goto(`http://127.0.0.1:${PORT}${PAGE}`, { waitUntil: "networkidle" });
  await revealLive(page);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("[data-live-example]")].every(
      (e) => e.getAttribute("data-live-status") === "pass",
    ),
  );
  let raw = 0;
  let gz = 0;
  for (const p of scripts) {
    const bytes = readFileSync(join(SITE, "build", p));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  const kb = gz / 1024;
  over ||= kb > JS_BUDGET_KB;
  report.push(
    `${PAGE} JavaScript: ${kb.toFixed(1)} KB gzip (${(raw / 1024).toFixed(0)} KB raw, ${scripts.size} files; budget ${JS_BUDGET_KB} KB)${kb > JS_BUDGET_KB ? "  OVER" : ""}`,
  );
});
console.log(report.map((l) => `budget: ${l}`).join("\n"));
process.exit(over ? 1 : 0);
