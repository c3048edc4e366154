/** `xen-abi show NAME`: a hypercall in the terminal, with its per-mode register table. */
import { NEWEST_RELEASE, type ReleaseRef } from "@xen-abi/abi-core";
import type { Catalog } from "../catalog/catalog.js";
import { loadCatalog } from "../catalog/load.js";
import { TABLE_LEGEND, registerRows, textTable } from "./register-table.js";

/**
 * The text, or undefined when no hypercall has that name (or alias, or number). `catalog`:
 * default the shipped one for `release`; one built with more records shows those too.
 */
export function showHypercall(
  nameOrNumber: string,
  release: ReleaseRef = NEWEST_RELEASE,
  catalog: Catalog = loadCatalog(release),
): string | undefined {
  const e = /^\d+$/.test(nameOrNumber)
    ? catalog.entries.find((x) => x.number === Number(nameOrNumber))
    : catalog.entries.find((x) => x.name === nameOrNumber || x.aliases.includes(nameOrNumber));
  if (!e) return undefined;
  const out: string[] = [];
  out.push(
    `${e.name} (__HYPERVISOR_${e.name} = ${e.number})  ${e.status}${e.removedIn ? `, removed in ${e.removedIn}` : ""}`,
  );
  out.push(e.summary, "", e.doc.purpose, "");
  out.push(
    `Xen ${release}: ${Object.entries(e.availability)
      .map(
        ([g, p]) =>
          `${g} ${p === null ? "-" : `${p}_${e.name}/${e.nargs[g as keyof typeof e.nargs]}`}`,
      )
      .join(", ")}`,
  );
  if (e.prototype)
    out.push(
      `${e.prototype.rettype} do_${e.name}(${e.prototype.params.map((p) => `${p.type}${p.type.endsWith("*") ? "" : " "}${p.name}`).join(", ")})`,
    );
  out.push("", textTable(registerRows(e.params)), TABLE_LEGEND, "");
  for (const p of e.params) {
    out.push(`${p.name}: ${p.meaning} [${p.direction}${p.check !== "none" ? `, ${p.check}` : ""}]`);
    if (p.handling) out.push(`  Xen: ${p.handling}`);
    for (const [m, note] of Object.entries(p.modes ?? {})) out.push(`  ${m}: ${note}`);
    if (p.callerMust) out.push(`  caller: ${p.callerMust}`);
  }
  const subops = e.doc.subops ?? [];
  if (subops.length > 0) {
    out.push("", `Sub-ops${e.doc.unknownSubop ? ` (unknown: -${e.doc.unknownSubop})` : ""}:`);
    for (const s of subops)
      out.push(`  ${String(s.value).padStart(3)} ${s.name}${s.summary ? `: ${s.summary}` : ""}`);
  }
  if (e.doc.errors.length > 0)
    out.push("", "Errors:", ...e.doc.errors.map((x) => `  -${x.errno}: ${x.when}`));
  if (e.doc.quirks.length > 0)
    out.push("", "Quirks:", ...e.doc.quirks.map((q) => `  ${q.title}: ${q.detail}`));
  return out.join("\n") + "\n";
}
