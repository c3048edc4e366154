/**
 * The Argo structs (public/argo.h) as argo.c reads and writes them, by field name: offsets
 * come from the layout engine per guest mode, compiled once here so a hypercall indexes a
 * table (`IOV[d.mode].at.iov_len`) instead of searching for a name. A 32-bit x86 guest's
 * xen_argo_iov_t is the 12-byte compat iov (xlat.lst '!'): its mode's layout says so.
 */
import { GUEST_MODES } from "../../abi/modes.js";
import { findCType } from "../../abi/ctypes.js";
import {
  structOffsets,
  structOffsetsByMode,
  type StructOffsets,
} from "../../table/struct-offsets.js";

/**
 * For the structs Xen itself lays into a ring (no caller's mode at hand): argo.h declares
 * them with fixed-width fields only, so every ABI has one layout. Checked here at load.
 */
function oneLayout<F extends string>(name: string, fields: readonly F[]): StructOffsets<F> {
  const first = structOffsets(name, GUEST_MODES[0]!, fields);
  for (const m of GUEST_MODES) {
    const o = structOffsets(name, m, fields);
    if (o.size !== first.size || fields.some((f) => o.at[f] !== first.at[f]))
      throw new Error(`${name}: layout differs in ${m}; argo.c assumes one layout`);
  }
  return first;
}

export const SEND_ADDR = structOffsetsByMode("xen_argo_send_addr_t", [
  "src.aport",
  "src.domain_id",
  "src.pad",
  "dst.aport",
  "dst.domain_id",
  "dst.pad",
]);
export const IOV = structOffsetsByMode("xen_argo_iov_t", ["iov_hnd", "iov_len", "pad"]);
export const REGISTER_RING = structOffsetsByMode("xen_argo_register_ring_t", [
  "aport",
  "partner_id",
  "pad",
  "len",
]);
export const UNREGISTER_RING = structOffsetsByMode("xen_argo_unregister_ring_t", [
  "aport",
  "partner_id",
  "pad",
]);
export const RING_DATA = structOffsetsByMode("xen_argo_ring_data_t", ["nent", "pad", "data"]);
export const RING_DATA_ENT = structOffsetsByMode("xen_argo_ring_data_ent_t", [
  "ring.aport",
  "ring.domain_id",
  "flags",
  "space_required",
  "max_message_size",
]);
/** The ring header at the start of the ring's first page. */
export const RING = oneLayout("xen_argo_ring_t", ["rx_ptr", "tx_ptr", "ring"]);
/** The header Xen writes before each message in a ring. */
export const MSG_HDR = oneLayout("xen_argo_ring_message_header", [
  "len",
  "source.aport",
  "source.domain_id",
  "source.pad",
  "message_type",
  "data",
]);

/** Every compiled Argo struct, for the test that holds them against clang's layouts. */
export const ARGO_LAYOUTS = {
  xen_argo_send_addr_t: SEND_ADDR,
  xen_argo_iov_t: IOV,
  xen_argo_register_ring_t: REGISTER_RING,
  xen_argo_unregister_ring_t: UNREGISTER_RING,
  xen_argo_ring_data_t: RING_DATA,
  xen_argo_ring_data_ent_t: RING_DATA_ENT,
} as const;

/** sizeof(xen_argo_gfn_t): a uint64_t on every ABI. */
export const GFN_SIZE = oneScalarSize("xen_argo_gfn_t");

function oneScalarSize(ctype: string): number {
  const sizes = new Set(GUEST_MODES.map((m) => findCType(ctype, m)?.size));
  if (sizes.size !== 1 || sizes.has(undefined)) throw new Error(`${ctype}: no single size`);
  return [...sizes][0]!;
}
