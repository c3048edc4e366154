/** The per-mode register table of a hypercall's arguments, as rows, text or Markdown. */
import { MODE_INFO, type GuestMode } from "@xen-abi/abi-core";
import { EXPORT_MODES, argFacts } from "../catalog/arg-facts.js";

export interface TableParam {
  readonly name: string;
  readonly type: string;
  readonly check?: string;
}

/** Header row then one row per argument, plus the number and result registers. */
export function registerRows(
  params: readonly TableParam[],
  modes: readonly GuestMode[] = EXPORT_MODES,
): string[][] {
  const rows: string[][] = [["", ...modes]];
  rows.push(["number", ...modes.map((m) => MODE_INFO[m].numberReg)]);
  params.forEach((p, i) => {
    rows.push([
      `${p.name} (${p.type})`,
      ...modes.map((m) => {
        const f = argFacts(i, p.type, m, p.check === "range-checked");
        return `${f.register}/${f.bits}${f.handling === "truncated" ? " trunc" : f.handling === "range-checked" ? " chk" : f.handling === "guest-handle" ? " hnd" : ""}`;
      }),
    ]);
  });
  rows.push(["result", ...modes.map((m) => MODE_INFO[m].resultReg)]);
  return rows;
}

export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  const line = (r: readonly string[]) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head!), line(head!.map(() => "---")), ...body.map(line)].join("\n");
}

export const TABLE_LEGEND =
  "Cells are register/bits; trunc = Xen drops the upper bits unchecked, chk = values above 32 bits get -EINVAL, hnd = guest handle.";
