/**
 * The identifiers of Xen's public headers the project knows: every `__HYPERVISOR_*` number and
 * every sub-op name the hypercall documents carry (checked against abi-core by the catalog). The
 * site, its search index and generated C must print these exactly; findUnknownIdentifiers finds
 * a header-style name in a text that is not one of them (a doubled prefix, a misspelling).
 */
import { HYPERCALLS } from "@xen-abi/abi-core";
import type { Catalog } from "./catalog.js";

export interface HeaderIdentifiers {
  /** `__HYPERVISOR_argo_op`, `XEN_ARGO_OP_register_ring`, ... */
  readonly names: ReadonlySet<string>;
  /** The sub-op families (`XEN_ARGO_OP_`), longest first. */
  readonly prefixes: readonly string[];
}

/**
 * Names the documents cite that are not sub-ops of their own hypercall: sub-sub-ops, a sysctl
 * that names another hypercall's op, a compat alias, a range marker.
 */
const OTHER_HEADER_NAMES: readonly string[] = [
  // xen/include/public/memory.h: xen_mem_access_op_t's ops
  "XENMEM_access_op_set_access",
  "XENMEM_access_op_get_access",
  // xen/include/public/platform.h: XENPF_settime32 or XENPF_settime64 by the guest's width
  "XENPF_settime",
  // xen/include/public/sysctl.h
  "XEN_SYSCTL_tmem_op",
  // xen/include/public/xenoprof.h: the highest op number
  "XENOPROF_last_op",
];

export function headerIdentifiers(catalog: Catalog): HeaderIdentifiers {
  const names = new Set<string>(OTHER_HEADER_NAMES);
  for (const h of HYPERCALLS) {
    names.add(`__HYPERVISOR_${h.name}`);
    for (const a of h.aliases) names.add(`__HYPERVISOR_${a}`);
  }
  const prefixes = new Set<string>();
  for (const e of catalog.entries) {
    if (e.doc.subopPrefix) prefixes.add(e.doc.subopPrefix);
    for (const s of e.doc.subops ?? []) names.add(s.name);
  }
  return { names, prefixes: [...prefixes].sort((a, b) => b.length - a.length) };
}

/** A token that may be a header identifier: letters, digits, underscores. */
const TOKEN = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Header-style names in `text` that the project does not know: any `__HYPERVISOR_` name that is not
 * a hypercall, any name that repeats its sub-op prefix (the prefix written twice), and any
 * sub-op-style name (a known prefix followed by a lower-case letter, as Xen names sub-ops) that
 * no document defines. Each unknown name once, in order of appearance.
 */
export function findUnknownIdentifiers(text: string, ids: HeaderIdentifiers): string[] {
  const out = new Set<string>();
  for (const [tok] of text.matchAll(TOKEN)) {
    // A family written as a prefix (`XENMEM_resource_*`, `__HYPERVISOR_`) names nothing itself.
    if (ids.names.has(tok) || tok.endsWith("_")) continue;
    if (tok.startsWith("__HYPERVISOR_")) {
      out.add(tok);
      continue;
    }
    const p = ids.prefixes.find((x) => tok.startsWith(x));
    if (p === undefined) continue;
    const rest = tok.slice(p.length);
    if (ids.prefixes.some((x) => rest.startsWith(x)) || /^[a-z]/.test(rest)) out.add(tok);
  }
  return [...out];
}
