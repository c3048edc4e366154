/**
 * TypeDoc plugin: keep every API page under the site's 1 MB first-load budget (issue 14 item
 * 8). typedoc-plugin-markdown puts an entry point's functions, constants, types and re-exports
 * on its module page, one section each; for abi-core's root, /hypercalls and /machine and for
 * guidelines that made pages of 1.0-1.1 MB. After TypeDoc has written the pages:
 *
 * - a module page over SPLIT_CHARS moves each such section to a page of its own beside it
 *   (`functions.md`, `variables.md`, ...) and lists its members there by name, linked; every
 *   link to a moved member, on any page, is pointed at its new page;
 * - the labels inside a member (Parameters, Returns, ...) become bold text, not headings: no
 *   one links to `#returns-17`, and each heading costs its anchor markup in the HTML.
 *
 * A page per group, not per member: each route adds its entry to the route table in every
 * page's main bundle, and a page per member would add some 700.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

/** A module page longer than this (Markdown characters) is split. */
export const SPLIT_CHARS = 12_000;

/** A moved section longer than this is cut into pages by its members' names (a-l, m-z). */
export const PART_CHARS = 16_000;

/** The first letter of a member's name, lower case. */
const first = (label) =>
  label
    .replace(/^\\?_*/, "")
    .charAt(0)
    .toLowerCase();

/** The sections that move, by heading, to the file named. */
const MOVED = new Map([
  ["Type Aliases", "type-aliases"],
  ["Variables", "variables"],
  ["Functions", "functions"],
  ["Enumerations", "enumerations"],
  ["References", "references"],
]);

/** Labels inside a member, written as headings by typedoc-plugin-markdown. */
const LABEL =
  /^#{4,6} (Parameters|Returns|Type Parameters|Type Declaration|Throws|Examples?|Remarks|See|Call Signature|Index Signature|Overrides|Inherited from|Implementation of|Default Value|Deprecated)$/gm;

/** The labels inside members as bold text. */
export function demoteLabels(text) {
  return text.replace(LABEL, "**$1**");
}

/** A heading's anchor as Docusaurus makes it (github-slugger), before de-duplication. */
export function slug(heading) {
  return heading
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** `## Name` sections of `text`: the part before the first, then each with its name. */
function sections(text) {
  const out = [{ name: null, text: "" }];
  for (const line of text.split("\n")) {
    const m = /^## (.+)$/.exec(line);
    if (m) out.push({ name: m[1], text: "" });
    out.at(-1).text += `${line}\n`;
  }
  return out;
}

/** Anchors as a page's headings get them: the second `x` is `x-1`, the third `x-2`. */
function anchorer(taken = []) {
  const seen = new Map(taken.map((a) => [a, 1]));
  return (label) => {
    const base = slug(label);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}

/**
 * Split a module page: null when it is short enough or has nothing to move; else its new
 * text, its new pages (`{ file, text }`, file relative to the page's folder) and, for each
 * moved member's anchor on the old page, its page and its anchor there.
 */
export function splitModulePage(text, title) {
  if (text.length <= SPLIT_CHARS) return null;
  const parts = sections(text);
  if (!parts.some((s) => MOVED.has(s.name))) return null;
  // The members' anchors on the page as it was, which links elsewhere use.
  const before = anchorer();
  const anchors = new Map();
  const pages = [];
  let index = "";
  for (const s of parts) {
    const file = MOVED.get(s.name);
    const heads = [...s.text.matchAll(/^### (.+)$/gm)].map((m) => ({
      label: m[1],
      old: before(m[1]),
    }));
    if (!file) {
      index += s.text;
      continue;
    }
    // The members, each from its `### ` heading on, in pages of about PART_CHARS at most.
    const blocks = s.text
      .replace(/^## .+\n/, "")
      .split(/^(?=### )/m)
      .slice(1);
    const total = blocks.reduce((n, b) => n + b.length, 0);
    // As few pages as PART_CHARS allows, of about equal length.
    const target = total / Math.ceil(total / PART_CHARS);
    const chunks = [];
    for (const [i, b] of blocks.entries()) {
      const last = chunks.at(-1);
      if (last && last.size < target) {
        last.heads.push(heads[i]);
        last.body += b;
        last.size += b.length;
      } else chunks.push({ heads: [heads[i]], body: b, size: b.length });
    }
    index += `## ${s.name}\n\n`;
    for (const [i, c] of chunks.entries()) {
      const range = `${first(c.heads[0].label)}–${first(c.heads.at(-1).label)}`;
      const label = chunks.length === 1 ? s.name : `${s.name} (${range})`;
      const page = chunks.length === 1 ? `${file}.md` : `${file}-${i + 1}.md`;
      const heading = `${title}: ${label.toLowerCase()}`;
      const after = anchorer([slug(heading)]);
      for (const h of c.heads) {
        h.anchor = after(h.label);
        anchors.set(h.old, { page, anchor: h.anchor });
      }
      pages.push({ file: page, heading, label, body: c.body });
      index += c.heads.map((h) => `- [${h.label}](${page}#${h.anchor})`).join("\n") + "\n";
    }
    index += "\n";
  }
  // Links within the page as it was (`#x`) now lead to x's page, unless x is on the same one.
  const relink = (text, page) =>
    text.replace(/\]\(#([^)\s]+)\)/g, (all, a) => {
      const to = anchors.get(a) ?? { page: "index.md", anchor: a };
      return to.page === page ? `](#${to.anchor})` : `](${to.page}#${to.anchor})`;
    });
  return {
    index: relink(index, "index.md"),
    pages: pages.map((p) => ({
      file: p.file,
      text:
        `---\ntitle: ${JSON.stringify(p.heading)}\n` +
        `sidebar_label: ${JSON.stringify(p.label)}\n---\n\n` +
        `# ${p.heading}\n\nOn [${title}](index.md).\n\n${relink(p.body.trimStart(), p.file)}`,
    })),
    anchors,
  };
}

/**
 * Point `text`'s Markdown links to a split module page's moved members at their new pages.
 * `file` is its path relative to the output folder (posix); `moved` maps a split module
 * page's path to its members' (old anchor -> { page, anchor }).
 */
export function rewriteLinks(text, file, moved) {
  const dir = posix.dirname(file);
  // Links within a page (`#x`) are splitModulePage's; these name a page.
  return text.replace(/\]\(([^)\s#]+)#([^)\s]+)\)/g, (all, target, anchor) => {
    const index = posix.normalize(posix.join(dir, target));
    const to = moved.get(index)?.get(anchor);
    if (!to) return all;
    const home = posix.join(posix.dirname(index), to.page);
    return `](${home === file ? "" : posix.relative(dir, home)}#${to.anchor})`;
  });
}

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return markdownFiles(p);
    return f.endsWith(".md") ? [p] : [];
  });
}

/** Split the long module pages under `out`, relink, and demote member labels everywhere. */
export function splitOutput(out) {
  const files = markdownFiles(out);
  const rel = (p) => relative(out, p).split(sep).join("/");
  const moved = new Map();
  const texts = new Map(files.map((f) => [rel(f), readFileSync(f, "utf8")]));
  for (const [file, text] of texts) {
    if (!file.endsWith("index.md") || file === "index.md") continue;
    const title = /^title: (".*")$/m.exec(text);
    const split = splitModulePage(text, title ? JSON.parse(title[1]) : file);
    if (!split) continue;
    texts.set(file, split.index);
    for (const p of split.pages) texts.set(posix.join(posix.dirname(file), p.file), p.text);
    moved.set(file, split.anchors);
  }
  for (const [file, text] of texts) {
    writeFileSync(
      join(out, file),
      demoteLabels(moved.size ? rewriteLinks(text, file, moved) : text),
    );
  }
  return [...moved.keys()];
}

export function load(app) {
  app.renderer.postRenderAsyncJobs.push(async (event) => {
    const split = splitOutput(event.outputDirectory);
    app.logger.info(`typedoc-split: split ${split.join(", ") || "no page"}`);
    return undefined;
  });
}
