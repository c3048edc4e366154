/**
 * Structs of public/xen.h — multicall: the batch entries.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

export const XEN_STRUCTS: readonly StructDef[] = [
  {
    name: "multicall_entry_t",
    tag: "multicall_entry",
    header: "public/xen.h",
    summary: "One call of a multicall batch (the guest's view; Xen reads 5 args).",
    fields: [
      f("op", "xen_ulong_t", "Hypercall number."),
      f("result", "xen_ulong_t", "Out: the call's return value."),
      f("args", "xen_ulong_t", "Arguments; only the first 5 are used.", { count: 6 }),
    ],
  },
];
