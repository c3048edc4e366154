/**
 * TypeDoc plugin: give every generated Markdown page a front-matter title without Markdown
 * escapes. typedoc-plugin-markdown writes `# Variable: HYPERVISOR\_argo\_op`; the body renders
 * that correctly, but Docusaurus takes the page title, sidebar label and breadcrumbs from the
 * raw heading text, so they showed the backslashes.
 */
import { MarkdownPageEvent } from "typedoc-plugin-markdown";

/** `HYPERVISOR\_argo\_op` -> `HYPERVISOR_argo_op`: drops the backslash of each escape. */
export function unescapeMarkdown(text) {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, "$1");
}

export function load(app) {
  app.renderer.on(MarkdownPageEvent.END, (page) => {
    const text = page.contents ?? "";
    if (text.startsWith("---")) return;
    const m = /^# (.+)$/m.exec(text);
    if (!m) return;
    const title = unescapeMarkdown(m[1]).replace(/`/g, "");
    page.contents = `---\ntitle: ${JSON.stringify(title)}\n---\n\n${text}`;
  });
}
