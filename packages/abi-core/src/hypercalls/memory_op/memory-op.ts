/**
 * memory_op(unsigned long cmd, void *arg): do_memory_op (xen/common/memory.c) for 64-bit
 * guests, compat_memory_op (xen/common/compat/memory.c) for 32-bit PV, hvm_memory_op
 * (xen/arch/x86/hvm/hypercall.c) for HVM. The sub-op is cmd's low MEMOP_EXTENT_SHIFT bits;
 * the bits above carry the extent a continuation resumes from. The structs are read through
 * the layout engine for the caller's mode, which is what compat's translation amounts to for
 * the fields modelled here (the batch's translation, which differs, is in physmap-batch.ts).
 * The sub-ops' own work is in reservation.ts, physmap.ts, physmap-batch.ts, memory-map.ts,
 * toolstack-ops.ts, vnuma.ts, m2p.ts, acquire-resource.ts and exchange.ts.
 */
import {
  argAddr,
  unmodelled,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { EFAULT, EINVAL, ENOSYS, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import {
  MEMOP_CMD_MASK,
  MEMOP_EXTENT_SHIFT,
  MODEL_MAX_PAGE,
  XENMEM_acquire_resource,
  XENMEM_add_to_physmap,
  XENMEM_add_to_physmap_batch,
  XENMEM_claim_pages,
  XENMEM_get_pod_target,
  XENMEM_get_sharing_freed_pages,
  XENMEM_get_sharing_shared_pages,
  XENMEM_get_vnumainfo,
  XENMEM_set_pod_target,
  XENMEM_current_reservation,
  XENMEM_decrease_reservation,
  XENMEM_exchange,
  XENMEM_increase_reservation,
  XENMEM_machine_memory_map,
  XENMEM_machphys_compat_mfn_list,
  XENMEM_machphys_mapping,
  XENMEM_machphys_mfn_list,
  XENMEM_paging_op,
  XENMEM_sharing_op,
  XENMEM_maximum_gpfn,
  XENMEM_maximum_ram_page,
  XENMEM_maximum_reservation,
  XENMEM_memory_map,
  XENMEM_populate_physmap,
  XENMEM_remove_from_physmap,
  XENMEM_set_memory_map,
  XENMEM_LAST,
} from "./constants.js";
import { maxPages, reservationOp, totPages } from "./reservation.js";
import { addToPhysmap, removeFromPhysmap } from "./physmap.js";
import { addToPhysmapBatch } from "./physmap-batch.js";
import { memoryMapOp } from "./memory-map.js";
import { claimPages, podTarget, sharingPages } from "./toolstack-ops.js";
import { getVnumainfo } from "./vnuma.js";
import { m2pOp } from "./m2p.js";
import { acquireResource } from "./acquire-resource.js";
import { exchange } from "./exchange.js";

const ID = "memory_op";

/** The record's short name of a XENMEM_* sub-op that checks cmd's resume bits. */
const STAT_NAMES: Readonly<Record<number, string>> = {
  [XENMEM_maximum_ram_page]: "maximum_ram_page",
  [XENMEM_current_reservation]: "current_reservation",
  [XENMEM_maximum_reservation]: "maximum_reservation",
  [XENMEM_maximum_gpfn]: "maximum_gpfn",
};

/** `if ( unlikely(start_extent) ) return -EINVAL;` of the sub-ops that never continue. */
function resumeBits(call: HypercallCall, op: number, startExtent: number): number {
  const id = `${ID}.${STAT_NAMES[op]}.resume_bits`;
  return failCheck(call.xen.trace, id, EINVAL, "start_extent", startExtent);
}

function domainStat(call: HypercallCall, op: number): number {
  const t = call.xen.trace;
  const name = `${ID}.${STAT_NAMES[op]}`;
  const cd = call.domain;
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_memory_domain", cd.mode));
  if (x === undefined) return failCheck(t, `${name}.copy_in`, EFAULT);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${name}.domid`, ESRCH, "domid", domid);
  const rc = passCheck(t, `${name}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  if (op === XENMEM_current_reservation) return totPages(d);
  if (op === XENMEM_maximum_reservation) return maxPages(d);
  // domain_get_maximum_gpfn: the highest gfn the p2m has held (the boot space's last).
  return d.memory.nrFrames - 1;
}

/** do_memory_op with cmd as (lo, hi) halves: hi only carries resume bits. */
function memoryOp(call: HypercallCall): number {
  const lo = call.argLo[0]!;
  const hi = call.argHi[0]!;
  const op = lo & MEMOP_CMD_MASK;
  const startExtent = hi * 2 ** (32 - MEMOP_EXTENT_SHIFT) + (lo >>> MEMOP_EXTENT_SHIFT);
  switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
      return reservationOp(call, op, startExtent);
    case XENMEM_maximum_ram_page:
      return startExtent !== 0 ? resumeBits(call, op, startExtent) : MODEL_MAX_PAGE;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
      return startExtent !== 0 ? resumeBits(call, op, startExtent) : domainStat(call, op);
    case XENMEM_add_to_physmap:
      return addToPhysmap(call, startExtent);
    case XENMEM_add_to_physmap_batch:
      return addToPhysmapBatch(call, startExtent);
    case XENMEM_remove_from_physmap:
      return removeFromPhysmap(call, startExtent);
    case XENMEM_claim_pages:
      return claimPages(call, startExtent);
    case XENMEM_get_vnumainfo:
      return getVnumainfo(call, startExtent);
    case XENMEM_acquire_resource:
      return acquireResource(call);
    case XENMEM_exchange:
      return exchange(call, startExtent);
    case XENMEM_set_pod_target:
    case XENMEM_get_pod_target:
      return podTarget(call, op, startExtent);
    case XENMEM_get_sharing_freed_pages:
    case XENMEM_get_sharing_shared_pages:
      return sharingPages(call, op);
    case XENMEM_machphys_mfn_list:
    case XENMEM_machphys_mapping:
    case XENMEM_paging_op:
    case XENMEM_sharing_op:
    case XENMEM_machphys_compat_mfn_list:
      return m2pOp(call, op, startExtent);
    case XENMEM_memory_map:
    case XENMEM_machine_memory_map:
    case XENMEM_set_memory_map:
      return memoryMapOp(call, op, startExtent);
    default:
      // public/memory.h defines XENMEM_* 0-28 but 8 (RELEASE-4.12.0 to 4.22.0): those not
      // handled above (access_op, reserved_device_memory_map) are not modelled and say so;
      // any other cmd, 8 included, reaches arch_memory_op's default, -ENOSYS.
      return op <= XENMEM_LAST && op !== 8 ? unmodelled(call, `memory_op/${op}`) : -ENOSYS;
  }
}

export const do_memory_op: HypercallHandler = memoryOp;
/** compat_memory_op: cmd is unsigned int; structs in the 32-bit layouts. */
export const compat_memory_op: HypercallHandler = memoryOp;
/**
 * hvm_memory_op: XENMEM_machphys_mapping is -ENOSYS, and XENMEM_machine_memory_map too
 * before 4.19 (db04be9e7d let a PVH dom0 ask); then do_memory_op or compat_memory_op.
 */
export const hvm_memory_op: HypercallHandler = (call) => {
  const op = call.argLo[0]! & MEMOP_CMD_MASK;
  if (op === XENMEM_machphys_mapping)
    return failCheck(call.xen.trace, `${ID}.machphys_mapping.hvm`, ENOSYS);
  if (op === XENMEM_machine_memory_map && call.xen.profile.minor < 19)
    return failCheck(call.xen.trace, `${ID}.machine_memory_map.hvm`, ENOSYS);
  return memoryOp(call);
};
