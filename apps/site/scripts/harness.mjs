/* global document, fetch, requestAnimationFrame, setTimeout, window -- DOM and Node 20 globals */
/**
 * What the browser test and the budget check share: serving build/ with `docusaurus serve`
 * on loopback, and Debian's chromium with the flags this machine needs and a fresh profile.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const SITE = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DOCUSAURUS = createRequire(import.meta.url).resolve(
  "@docusaurus/core/bin/docusaurus.mjs",
);

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Serve build/ on 127.0.0.1:port; resolves once it answers. */
export async function startServer(port) {
  const child = spawn(
    process.execPath,
    [DOCUSAURUS, "serve", "--host", "127.0.0.1", "--port", String(port), "--no-open"],
    { cwd: SITE, stdio: ["ignore", "ignore", "inherit"] },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`docusaurus serve did not answer on 127.0.0.1:${port}`);
}

/**
 * Run `fn(context)` in chromium with a fresh profile, on a server for build/; every request
 * not to the local server is blocked. Cleans up whatever happens.
 */
export async function withBrowser(port, fn) {
  const server = await startServer(port);
  const profile = mkdtempSync(join(tmpdir(), "xen-abi-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: false,
      args: FLAGS,
    });
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort("blockedbyclient"));
    return await fn(context);
  } finally {
    await context?.close();
    server.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Act as a reader on the page (a one-pixel turn of the wheel) and scroll `selector` into view:
 * live code runs when the reader reaches it after their first action
 * (src/components/Runner/useInView), so one already in the first screen needs the action.
 */
export async function reach(page, selector) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 1);
}

/**
 * Scroll each live example and live release matrix into view in turn, a frame or two each:
 * they run when the reader reaches them (src/components/Runner/useInView), not with the page.
 */
export async function revealLive(page) {
  // After hydration: the observers that start them are set up by then.
  await page.waitForLoadState("networkidle");
  // The reader's first action: without one, live code in the first screen waits.
  await page.mouse.wheel(0, 1);
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (const el of document.querySelectorAll("[data-live-example], [data-live-matrix]")) {
      el.scrollIntoView({ block: "center" });
      await frame();
    }
    window.scrollTo(0, 0);
  });
}
