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

/** Where a call keeps handles or frames in guest memory: an array an argument points at. */
export interface MemoryRef {
  /** The argument (0-based) holding the array's address. */
  readonly pointerArg: number;
  /** The argument holding the element count. */
  readonly countArg: number;
  /** Element size in bytes (64-bit guests). */
  readonly stride: number;
  /** Offset of the word in each element. */
  readonly offset: number;
  readonly kind: "handle" | "gfn";
  /** The elements are multicall entries: each one's own call is relocated in turn. */
  readonly nested?: boolean;
}

export interface CallKinds {
  readonly args: readonly ArgKind[];
  readonly memory?: readonly MemoryRef[];
}

const H = "handle";

/** By hypercall number, then sub-op (the first argument) where the hypercall has sub-ops. */
const BY_NUMBER: Readonly<Record<number, (subop: bigint) => CallKinds | undefined>> = {
  // multicall(entries, count): multicall_entry_t is { op, result, args[6] }, 64 bytes.
  13: () => ({
    args: [H, "count"],
    memory: [{ pointerArg: 0, countArg: 1, stride: 64, offset: 0, kind: H, nested: true }],
  }),
  // xen_version(cmd, arg)
  17: () => ({ args: ["subop", H] }),
  // console_io(cmd, count, buffer)
  18: () => ({ args: ["subop", "count", H] }),
  // sched_op(cmd, arg)
  29: () => ({ args: ["subop", H] }),
  // argo_op(cmd, arg1, arg2, arg3, arg4): xen/include/public/argo.h
  39: (op) => {
    switch (op) {
      case 1n: // register_ring(reg, gfns[npages], npages, flags)
        return {
          args: ["subop", H, H, "count", "flags"],
          memory: [{ pointerArg: 2, countArg: 3, stride: 8, offset: 0, kind: "gfn" }],
        };
      case 3n: // sendv(send_addr, iovs[niov], niov, type): xen_argo_iov_t { iov_hnd, len, pad }
        return {
          args: ["subop", H, H, "count", "value"],
          memory: [{ pointerArg: 2, countArg: 3, stride: 16, offset: 0, kind: H }],
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
