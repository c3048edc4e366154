/** The Markdown page of a proposal: what the site's hypercall pages show, for a new hypercall. */
import { findStruct, type StructLayout } from "@xen-abi/abi-core";
import { C_TARGETS, LayoutEngine, type CRecordDecl } from "@xen-abi/abi-core/abi";
import type { Proposal } from "../schema/proposal.js";
import { TABLE_LEGEND, markdownTable, registerRows } from "../render/register-table.js";
import { hypercallDefsPrototype } from "./c-stubs.js";

function layouts(p: Proposal, name: string): Record<string, StructLayout> | string {
  const local = new Map<string, CRecordDecl>(
    p.structs.map((s) => [
      s.name,
      {
        name: s.name,
        fields: s.fields.map((f) => ({
          name: f.name,
          ctype: f.type,
          ...(f.count !== undefined ? { count: f.count } : {}),
          ...(f.flexible ? { flexible: true } : {}),
        })),
      },
    ]),
  );
  const engine = new LayoutEngine((n) => local.get(n) ?? findStruct(n));
  try {
    return Object.fromEntries(C_TARGETS.map((t) => [t, engine.layoutOf(name, t)]));
  } catch (e) {
    return (e as Error).message;
  }
}

export function proposalMarkdown(p: Proposal): string {
  const out: string[] = [`# ${p.name}`, "", p.summary, ""];
  if (p.purpose) out.push(p.purpose, "");
  out.push(`- Number: ${p.number ?? "to be assigned"}`, `- Guest types: ${p.guests.join(", ")}`);
  if (p.config) out.push(`- Guarded by: \`${p.config}\``);
  out.push("", "```c", `long do_${hypercallDefsPrototype(p)};`, "```", "", "## Arguments", "");
  out.push(
    markdownTable([
      ["name", "type", "direction", "check", "meaning"],
      ...p.params.map((q) => [q.name, `\`${q.type}\``, q.direction, q.check, q.meaning]),
    ]),
  );
  out.push(
    "",
    "## Registers per guest mode",
    "",
    markdownTable(registerRows(p.params)),
    "",
    TABLE_LEGEND,
    "",
  );
  out.push(
    "Argument registers are clobbered by the call (debug builds poison them); reload them before the next call.",
    "",
  );
  if (p.subops.length > 0) {
    out.push("## Sub-ops", "");
    for (const s of p.subops) {
      out.push(`### ${s.name} (${s.value})`, "", s.summary, "");
      for (const a of s.args)
        out.push(
          `- \`${a.param}\`: ${a.unused ? `unused, must be 0${a.checked ? " (checked, -EINVAL)" : ""}` : `${a.type ? `\`${a.type}\` ` : ""}${a.meaning ?? ""}`}`,
        );
      if (s.errors.length > 0) out.push("", ...s.errors.map((e) => `- -${e.errno}: ${e.when}`));
      if (s.longRunning)
        out.push(
          "",
          s.continuation
            ? "Preemptible through continuations."
            : "Long-running and **not** preemptible.",
        );
      out.push("");
    }
    if (p.unknownSubop) out.push(`An unknown sub-op returns -${p.unknownSubop}.`, "");
  }
  for (const s of p.structs) {
    out.push(`## struct ${s.name}`, "", s.summary, "");
    const lay = layouts(p, s.name);
    if (typeof lay === "string") {
      out.push(`Layout: ${lay}`, "");
      continue;
    }
    const rows = [["field", "type", ...C_TARGETS.map((t) => `${t} off/size`), "meaning"]];
    s.fields.forEach((f, i) =>
      rows.push([
        f.name,
        `\`${f.type}${f.count ? `[${f.count}]` : f.flexible ? "[]" : ""}\``,
        ...C_TARGETS.map((t) => `${lay[t]!.fields[i]!.offset}/${lay[t]!.fields[i]!.size}`),
        f.meaning,
      ]),
    );
    rows.push([
      "(size)",
      "",
      ...C_TARGETS.map((t) => `${lay[t]!.size} (align ${lay[t]!.align})`),
      "",
    ]);
    out.push(markdownTable(rows), "");
  }
  if (p.errors.length > 0)
    out.push("## Errors", "", ...p.errors.map((e) => `- -${e.errno}: ${e.when}`), "");
  return out.join("\n");
}
