/* global document, requestAnimationFrame -- the DOM inside page callbacks */
/**
 * What the browser test measures on every route: sideways scrolling at each width, and the
 * bytes a first load transfers. `docusaurus serve` sends files as they are in build/ (no
 * compression) and the harness's request routing turns the HTTP cache off, so every visit is
 * a first load and a route's weight is the sum of the build files it fetched.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { SITE } from "./harness.mjs";

/** The widths every route is checked at: a phone (iPhone 12-15) and a laptop. */
export const WIDTHS = [1280, 390];
/**
 * First-load budget per route, bytes: every route, no exceptions (issue 14 item 8). Live code
 * runs when the reader reaches it after their first scroll, key or click, the propose page's
 * linter is a slim import, long TypeDoc module pages are split (plugins/typedoc-split.mjs) and
 * code blocks carry only the site's Prism languages (src/prism).
 */
export const WEIGHT_BUDGET = 1_000_000;
/**
 * Record the build files a page fetches. Prefetches of linked routes (resource type "other")
 * are the next page's bytes, not this one's.
 */
export function trackRequests(page) {
  const files = new Set();
  page.on("request", (r) => {
    if (r.resourceType() === "other") return;
    const u = new URL(r.url());
    if (u.hostname === "127.0.0.1") files.add(u.pathname);
  });
  return files;
}

function fileOf(pathname) {
  const p = decodeURIComponent(pathname);
  const candidates = p.endsWith("/")
    ? [join(p, "index.html")]
    : [p, `${p}.html`, join(p, "index.html")];
  for (const c of candidates) {
    try {
      const s = statSync(join(SITE, "build", c));
      if (s.isFile()) return s.size;
    } catch {
      // try the next layout
    }
  }
  return 0;
}

/** Bytes of the build files in `files`. */
export function weightOf(files) {
  let total = 0;
  for (const f of files) total += fileOf(f);
  return total;
}

/**
 * The page's width at each of WIDTHS: document scrollWidth after a relayout. Leaves the
 * viewport at the first width.
 */
export async function widthsOf(page) {
  const out = {};
  for (const w of [...WIDTHS.slice(1), WIDTHS[0]]) {
    await page.setViewportSize({ width: w, height: 900 });
    out[w] = await page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => resolve(document.documentElement.scrollWidth)),
          ),
        ),
    );
  }
  return out;
}

export const kb = (n) => `${(n / 1000).toFixed(0)} kB`;
