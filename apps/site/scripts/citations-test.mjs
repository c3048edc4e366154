/**
 * Every citation of Xen's source on the generated pages (`xen/arch/arm/vsmc.c: handle_arch`)
 * links to the file at the page's release tag (issue 14 item 9). Two checks: over the built
 * HTML of the hypercall, guest-mode, guideline and release pages, newest and older, no
 * citation outside a link; in the browser at 390 and 1280 px, the links go to xenbits at the
 * right tag, fit the page, and a page about an older release links that release's tag.
 * Markdown docs (docs/*.md) and the TypeDoc pages keep plain citations: open, item 9.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SITE } from "./harness.mjs";
import { WIDTHS } from "./measure.mjs";

const BUILD = join(SITE, "build");
const CITATION = /\bxen\/[\w./-]*\w\.(?:c|h|S)\b/g;
/** The generated pages, where every citation comes from the project's data. */
const GENERATED = /^(?:\d+\.\d+\.\d+\/)?(?:hypercalls\/|abi\/|guidelines\/|releases\.html)/;

const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

/** The citations in `html`'s text that are not inside a link to Xen's source. */
export function unlinkedCitations(html) {
  const text = html
    .replace(/<a [^>]*data-xen-source[^>]*>[\s\S]*?<\/a>/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]*>/g, "");
  return [...text.matchAll(CITATION)].map((m) => m[0]);
}

function staticCheck(record) {
  const problems = [];
  const files = walk(BUILD)
    .map((f) => relative(BUILD, f))
    .filter((f) => f.endsWith(".html") && GENERATED.test(f));
  let links = 0;
  for (const f of files) {
    const html = readFileSync(join(BUILD, f), "utf8");
    links += (html.match(/data-xen-source/g) ?? []).length;
    const bare = unlinkedCitations(html);
    if (bare.length > 0) problems.push(`${f}: ${bare.length} unlinked, first ${bare[0]}`);
  }
  if (links === 0) problems.push("no links to Xen's source at all");
  console.log(`citations: ${files.length} generated pages, ${links} links to Xen's source`);
  record("citations: every citation on a generated page links to Xen's source", problems);
}

const LINK = "a[data-xen-source='xen/arch/arm/vsmc.c']";
const url = (release) =>
  `https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/arch/arm/vsmc.c;hb=RELEASE-${release}`;

export async function citationsTest(open, origin, record) {
  staticCheck(record);
  for (const width of WIDTHS) {
    const { page, problems } = await open();
    await page.setViewportSize({ width, height: 900 });
    for (const [path, release] of [
      ["/abi/aarch64", "4.22.0"],
      ["/4.12.0/abi/aarch64", "4.12.0"],
    ]) {
      await page.goto(`${origin}${path}`);
      const link = page.locator(LINK).first();
      const href = await link.getAttribute("href").catch(() => null);
      if (href !== url(release)) problems.push(`${path}: vsmc.c links to ${href}`);
      await link.scrollIntoViewIfNeeded().catch(() => undefined);
      const box = await link.boundingBox();
      if (!box || box.x < 0 || box.x + box.width > width)
        problems.push(`${path}: the link is outside the page: ${JSON.stringify(box)}`);
    }
    await page.close();
    record(`citations at ${width} px: links to xenbits at the page's release`, problems);
  }
}
