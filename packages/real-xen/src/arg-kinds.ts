/**
 * The one place that says which hypercall arguments and struct fields are domain ids, guest
 * handles or frame numbers, for running a scenario as dom0 (domain ids rewritten) inside the
 * test guest's memory window (handles and frames relocated).
 *
 * Argument kinds come from the hypercall records (abi-core's REGISTRY: a sub-op's `args`, else
 * the record's); the table below adds what records do not say (arrays in guest memory that
 * hold handles or frames) and stands in for a record without `args`. An unknown hypercall's
 * arguments are passed unchanged.
 */
import { REGISTRY, type ArgKind } from "@xen-abi/abi-core";

/**
 * Where a call keeps handles or frames in guest memory: in the struct an argument points at,
 * or in each element of an array an argument points at. Offsets come from the layout engine
 * for the guest's mode, by struct and field name.
 */
export interface MemoryRef {
  readonly kind: "handle" | "gfn";
  /** The argument (0-based) holding the address of the struct or array. */
  readonly pointerArg: number;
  /** The element count is this argument; absent: one struct. */
  readonly countArg?: number;
  /** Each element is this struct, the word in `field`; absent: each element is one bare word. */
  readonly struct?: string;
  readonly field?: string;
  /** A bare element's size: bytes, or the guest's xen_pfn_t. */
  readonly elem?: number | "xen_pfn_t";
  /**
   * The array's address is in a handle field of the struct the argument points at, its count
   * in another field of it (xen_memory_reservation's extent_start and nr_extents).
   */
  readonly via?: { readonly struct: string; readonly handle: string; readonly count: string };
  /** The elements are multicall entries: each one's own call is relocated in turn. */
  readonly nested?: boolean;
}

export interface CallKinds {
  readonly args: readonly ArgKind[];
  readonly memory?: readonly MemoryRef[];
}

const H = "handle";
const RESERVATION = "xen_memory_reservation_t";
/** increase_reservation, decrease_reservation, populate_physmap: the struct and its frames. */
const RESERVATION_REFS: readonly MemoryRef[] = [
  { kind: H, pointerArg: 1, struct: RESERVATION, field: "extent_start" },
  {
    kind: "gfn",
    pointerArg: 1,
    elem: "xen_pfn_t",
    via: { struct: RESERVATION, handle: "extent_start", count: "nr_extents" },
  },
];

const BATCH = "xen_add_to_physmap_batch_t";
/** add_to_physmap_batch: its idxs, gpfns and errs handles, and the frames gpfns lists. */
const BATCH_REFS: readonly MemoryRef[] = [
  { kind: H, pointerArg: 1, struct: BATCH, field: "idxs" },
  { kind: H, pointerArg: 1, struct: BATCH, field: "gpfns" },
  { kind: H, pointerArg: 1, struct: BATCH, field: "errs" },
  {
    kind: "gfn",
    pointerArg: 1,
    elem: "xen_pfn_t",
    via: { struct: BATCH, handle: "gpfns", count: "size" },
  },
];

/** By hypercall number, then sub-op (the first argument) where the hypercall has sub-ops. */
const BY_NUMBER: Readonly<Record<number, (subop: bigint) => CallKinds | undefined>> = {
  // memory_op(cmd, arg): xen/include/public/memory.h
  12: (cmd) => {
    // The sub-op is cmd's low 6 bits (MEMOP_CMD_MASK); the bits above are a resume point, and
    // a resumed call names the same arrays.
    switch (cmd & 0x3fn) {
      case 0n: // XENMEM_increase_reservation
      case 1n: // XENMEM_decrease_reservation
      case 6n: // XENMEM_populate_physmap
        return { args: ["subop", H], memory: RESERVATION_REFS };
      case 7n: // XENMEM_add_to_physmap: gpfn is where the space's page goes
        return {
          args: ["subop", H],
          memory: [{ kind: "gfn", pointerArg: 1, struct: "xen_add_to_physmap_t", field: "gpfn" }],
        };
      case 9n: // XENMEM_memory_map: buffer is where Xen writes the entries
        return {
          args: ["subop", H],
          memory: [{ kind: H, pointerArg: 1, struct: "xen_memory_map_t", field: "buffer" }],
        };
      case 13n: // XENMEM_set_memory_map: map.buffer is where Xen reads the entries
        return {
          args: ["subop", H],
          memory: [
            { kind: H, pointerArg: 1, struct: "xen_foreign_memory_map_t", field: "map.buffer" },
          ],
        };
      case 23n: // XENMEM_add_to_physmap_batch: three arrays, and each gpfn is a frame
        return { args: ["subop", H], memory: BATCH_REFS };
      default:
        return undefined;
    }
  },
  // multicall(entries, count)
  13: () => ({
    args: [H, "count"],
    memory: [{ kind: H, pointerArg: 0, countArg: 1, struct: "multicall_entry_t", nested: true }],
  }),
  // xen_version(cmd, arg)
  17: () => ({ args: ["subop", H] }),
  // console_io(cmd, count, buffer)
  18: () => ({ args: ["subop", "count", H] }),
  // grant_table_op(cmd, uop, count): xen/include/public/grant_table.h
  // GNTTABOP_setup_table and get_status_frames: each op's frame_list is where Xen writes the
  // frames.
  20: (op) =>
    op === 2n || op === 9n
      ? {
          args: ["subop", H, "count"],
          memory: [
            {
              kind: H,
              pointerArg: 1,
              countArg: 2,
              struct: op === 2n ? "gnttab_setup_table_t" : "gnttab_get_status_frames_t",
              field: "frame_list",
            },
          ],
        }
      : undefined,
  // vcpu_op(cmd, vcpuid, arg): VCPUOP_register_vcpu_info names the frame of the vcpu_info
  24: (op) =>
    op === 10n
      ? {
          args: ["subop", "value", H],
          memory: [
            { kind: "gfn", pointerArg: 2, struct: "vcpu_register_vcpu_info_t", field: "mfn" },
          ],
        }
      : undefined,
  // sched_op(cmd, arg): SCHEDOP_poll's sched_poll_t holds the handle of its ports array
  29: (op) =>
    op === 3n
      ? {
          args: ["subop", H],
          memory: [{ kind: H, pointerArg: 1, struct: "sched_poll_t", field: "ports" }],
        }
      : { args: ["subop", H] },
  // argo_op(cmd, arg1, arg2, arg3, arg4): xen/include/public/argo.h
  39: (op) => {
    switch (op) {
      case 1n: // register_ring(reg, gfns[npages], npages, flags): xen_argo_gfn_t is 64-bit
        return {
          args: ["subop", H, H, "count", "flags"],
          memory: [{ kind: "gfn", pointerArg: 2, countArg: 3, elem: 8 }],
        };
      case 3n: // sendv(send_addr, iovs[niov], niov, type)
        return {
          args: ["subop", H, H, "count", "value"],
          memory: [
            { kind: H, pointerArg: 2, countArg: 3, struct: "xen_argo_iov_t", field: "iov_hnd" },
          ],
        };
      default: // unregister_ring(unreg, 0, 0, 0), notify(ring_data, 0, 0, 0), unknown ops
        return { args: ["subop", H, H, "value", "value"] };
    }
  },
};

/** Argument kinds of hypercall `nr` with first argument `arg0`, or undefined when unknown. */
export function callKinds(nr: bigint, arg0: bigint): CallKinds | undefined {
  if (nr < 0n || nr > 63n) return undefined;
  const own = BY_NUMBER[Number(nr)]?.(arg0);
  const name = REGISTRY.hypercalls.find((h) => BigInt(h.number) === nr)?.name;
  const record = name === undefined ? undefined : REGISTRY.record(name);
  const subop =
    record?.subopArg === 0 ? record.subops.find((s) => BigInt(s.number) === arg0) : undefined;
  const args = subop?.args ?? record?.args;
  if (args === undefined) return own;
  return { args, ...(own?.memory !== undefined && { memory: own.memory }) };
}

/** Struct fields (flat scenario names, last segment) that hold a domain id. */
const DOMID_FIELDS = new Set(["partner_id", "domain_id", "domid", "dom", "remote_dom"]);

export function isDomidField(name: string): boolean {
  const last = name.split(".").pop() ?? name;
  return DOMID_FIELDS.has(last.replace(/\[\d+\]$/, ""));
}
