/**
 * C text for a proposal: the hypercall-defs.c lines (prototype and table row) and a public
 * header stub with its documentation. Generated text only; nothing here comes from Xen's files.
 */
import { GUEST_TYPES } from "@xen-abi/abi-core";
import type { Proposal } from "../schema/proposal.js";
import { subopNameFor } from "./naming.js";

/** `frob_op(unsigned int cmd, void *arg)` as in hypercall-defs.c's prototype section. */
export function hypercallDefsPrototype(p: Proposal): string {
  const params = p.params
    .map((q) => `${q.type}${q.type.endsWith("*") ? "" : " "}${q.name}`)
    .join(", ");
  return `${p.name}(${params})`;
}

/** Xen pads a table row's name to this column, then each guest type's cell to 9. */
const TABLE_NAME_WIDTH = 35;
const TABLE_CELL_WIDTH = 9;

/**
 * The lines to add to xen/include/hypercall-defs.c, in that file's syntax: the prototype under
 * `prefix: do` (the handler is do_<name>; no compat handler, since a proposal's structs have
 * one layout on every ABI), and its row under the `table:` header with a cell per guest type
 * (`do` or `-`), each under the proposal's CONFIG_ guard if it has one.
 */
export function hypercallDefsLines(p: Proposal): string {
  const guard = (s: string) => (p.config ? `#ifdef ${p.config}\n${s}\n#endif` : s);
  const row = (name: string, cells: readonly string[]) =>
    (
      name.padEnd(TABLE_NAME_WIDTH) + cells.map((c) => c.padEnd(TABLE_CELL_WIDTH)).join("")
    ).trimEnd();
  return [
    "prefix: do",
    guard(hypercallDefsPrototype(p)),
    "",
    row("table:", GUEST_TYPES),
    guard(
      row(
        p.name,
        GUEST_TYPES.map((g) => (p.guests.includes(g) ? "do" : "-")),
      ),
    ),
  ].join("\n");
}

function cField(f: Proposal["structs"][number]["fields"][number]): string {
  const dim = f.flexible ? "[XEN_FLEX_ARRAY_DIM]" : f.count !== undefined ? `[${f.count}]` : "";
  const check = f.check === "must-be-zero" ? " Must be zero (checked)." : "";
  return `    /* ${f.meaning}${check} */\n    ${f.type} ${f.name}${dim};`;
}

/** A public header stub: number, sub-ops, flags, structs and the argument documentation. */
export function headerStub(p: Proposal): string {
  const guardName = `__XEN_PUBLIC_${p.name.toUpperCase()}_H__`;
  const out: string[] = [
    `#ifndef ${guardName}`,
    `#define ${guardName}`,
    "",
    '#include "xen.h"',
    "",
  ];
  out.push(`/* ${p.summary} */`);
  if (p.number !== undefined) out.push(`#define __HYPERVISOR_${p.name} ${p.number}`);
  out.push("", "/*", ` * ${p.name}(${p.params.map((q) => q.name).join(", ")})`, " *");
  for (const [i, q] of p.params.entries()) {
    const check =
      q.check === "range-checked"
        ? " Values above 32 bits: -EINVAL."
        : q.check === "must-be-zero"
          ? " Must be 0 when unused (checked)."
          : "";
    out.push(` * arg${i}: ${q.type} ${q.name}: ${q.meaning}${check}`);
  }
  out.push(
    " *",
    " * Argument registers are clobbered; callers must not rely on them surviving the call.",
  );
  if (p.unknownSubop) out.push(` * An unknown sub-op returns -${p.unknownSubop}.`);
  for (const e of p.errors) out.push(` * -${e.errno}: ${e.when}`);
  out.push(" */", "");
  for (const s of p.subops) {
    out.push("/*", ` * ${subopNameFor(p.subopPrefix ?? "", s.name)}: ${s.summary}`);
    for (const a of s.args)
      out.push(
        ` * ${a.param}: ${a.unused ? `unused, must be 0${a.checked ? " (checked)" : ""}` : `${a.type ?? ""} ${a.meaning ?? ""}`.trim()}`,
      );
    for (const e of s.errors) out.push(` * -${e.errno}: ${e.when}`);
    if (s.continuation) out.push(" * Preemptible: the call may be continued transparently.");
    out.push(" */", `#define ${subopNameFor(p.subopPrefix ?? "", s.name)} ${s.value}`, "");
  }
  for (const f of p.flags) {
    for (const v of f.values) out.push(`#define ${v.name} ${v.value}U`);
    out.push(
      `/* Unknown bits in ${f.in} are ${f.unknown === "reject" ? "rejected with -EINVAL" : "ignored"}. */`,
      "",
    );
  }
  for (const s of p.structs) {
    const base = s.name.replace(/_t$/, "");
    out.push(
      `/* ${s.summary} */`,
      `struct ${base} {`,
      ...s.fields.map(cField),
      "};",
      `typedef struct ${base} ${s.name};`,
      `DEFINE_XEN_GUEST_HANDLE(${s.name});`,
      "",
    );
  }
  out.push(`#endif /* ${guardName} */`);
  return out.join("\n") + "\n";
}
