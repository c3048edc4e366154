/** `xen-abi show NAME`: a hypercall in the terminal, with its per-mode register table. */
import { NEWEST_RELEASE, type ReleaseRef } from "@xen-abi/abi-core";
import type { Catalog, HypercallEntry } from "../catalog/catalog.js";
import { loadCatalog } from "../catalog/load.js";
import { decHex, lookupHypercall } from "./lookup.js";
import type { SubopDoc } from "../schema/hypercall-doc.js";
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
  const hit = lookupHypercall(catalog, nameOrNumber);
  if (!hit.ok) return undefined;
  const e = hit.value.entry;
  const out: string[] = [];
  out.push(
    `${e.name} (__HYPERVISOR_${e.name} = ${decHex(e.number)})  ${e.status}${e.removedIn ? `, removed in ${e.removedIn}` : ""}`,
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
      out.push(`  ${decHex(s.value).padStart(10)} ${s.name}${s.summary ? `: ${s.summary}` : ""}`);
  }
  if (e.doc.errors.length > 0)
    out.push("", "Errors:", ...e.doc.errors.map((x) => `  -${x.errno}: ${x.when}`));
  if (e.doc.quirks.length > 0)
    out.push("", "Quirks:", ...e.doc.quirks.map((q) => `  ${q.title}: ${q.detail}`));
  return out.join("\n") + "\n";
}

/** `xen-abi show argo_op sendv`: one sub-op, its arguments and errors, under its hypercall's line. */
export function showSubop(e: HypercallEntry, s: SubopDoc): string {
  const out = [
    `${s.name} = ${decHex(s.value)}  (${e.name}, __HYPERVISOR_${e.name} = ${decHex(e.number)})`,
  ];
  if (s.summary) out.push(s.summary);
  if (s.since) out.push(`since Xen ${s.since}`);
  for (const a of s.args ?? []) out.push(`  ${a.param} (${a.type}): ${a.meaning}`);
  if ((s.errors ?? []).length > 0)
    out.push("Errors:", ...(s.errors ?? []).map((x) => `  -${x.errno}: ${x.when}`));
  return out.join("\n") + "\n";
}
