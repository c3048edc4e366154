/**
 * XENMEM_increase_reservation, decrease_reservation and populate_physmap (xen/common/memory.c
 * do_memory_op, decrease_reservation, populate_physmap): extents in a guest array, work
 * resumed from the extent kept in cmd's bits above MEMOP_EXTENT_SHIFT. Before any extent is
 * done, a failure returns start_extent (no errno); afterwards, the number of extents done.
 */
import { argAddr, type HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { readGuestUint } from "../../machine/guest-access.js";
import { readStruct } from "../../machine/structio.js";
import { namedCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";
import {
  DOMU_MAX_ORDER,
  HYPERVISOR_memory_op,
  MEMOP_EXTENT_SHIFT,
  XENMEM_decrease_reservation,
  XENMEM_increase_reservation,
  XENMEM_populate_physmap,
} from "./constants.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";

/** One xen_pfn_t of the extent list (8 bytes, or 4 for a 32-bit x86 guest's compat list). */
function extentAt(d: Domain, list: number, i: number): number | undefined {
  const size = fieldOf(layoutOf("xen_add_to_physmap_t", d.mode), "gpfn")!.size as 4 | 8;
  const v = readGuestUint(d.memory, list + i * size, size);
  if (v === undefined || !d.memory.contains(list + i * size, size)) return undefined;
  return Number(v);
}

/** d->max_pages: the model's domains may not grow past what they booted with. */
export function maxPages(d: Domain): number {
  return d.memory.nrFrames - 1;
}

/** domain_tot_pages(d): RAM frames mapped now (shared_info and foreign pages excluded). */
export function totPages(d: Domain): number {
  return d.memory.nrFrames - d.memory.unmappedFrames().length - d.memory.foreignFrames();
}

/** The record's short names of the three reservation sub-ops. */
const NAMES: Readonly<Record<number, string>> = {
  [XENMEM_increase_reservation]: "increase_reservation",
  [XENMEM_decrease_reservation]: "decrease_reservation",
  [XENMEM_populate_physmap]: "populate_physmap",
};

export function reservationOp(call: HypercallCall, op: number, startExtent: number): number {
  const t = call.xen.trace;
  const id = `memory_op.${NAMES[op]}`;
  // Before any extent is done, a failed check's result is start_extent, not an errno.
  const early = (check: string) => namedCheck(t, `${id}.${check}`, startExtent, "start_extent");
  const d0 = call.domain;
  const r = readStruct(d0.memory, argAddr(call, 1), layoutOf("xen_memory_reservation_t", d0.mode));
  if (r === undefined) return early("copy_in");
  const nr = Number(r.nr_extents as bigint);
  // Is the size too large to encode a continuation?
  if (nr > 0xffffffff >>> MEMOP_EXTENT_SHIFT) return early("nr_extents_max");
  if (startExtent >= nr) return early("resume_past_end");
  const d = domainByAnyId(call.xen, d0, Number(r.domid as bigint));
  if (d === undefined) return early("domid");
  // construct_memop_from_reservation: address_bits <= PAGE_SHIFT is -EINVAL (-> start_extent)
  const flags = Number(r.mem_flags as bigint);
  const bits = flags & 0xff;
  // (max_page's order + PAGE_SHIFT is 32 for the model's 4 GiB host.)
  if (bits !== 0 && bits < 32 && bits <= 12) return early("address_bits");
  if (xsmTarget(d0, d) !== 0) return early("xsm");
  const order = Number(r.extent_order as bigint);
  const list = Number(r.extent_start as bigint);
  let i = startExtent;
  let preempted = false;
  if (order > DOMU_MAX_ORDER) return namedCheck(t, `${id}.extent_order`, i, "nr_done");
  for (; i < nr; i++) {
    if (i !== startExtent) {
      call.work++;
      if (hypercallPreemptCheck(call)) {
        preempted = true;
        break;
      }
    }
    if (op === XENMEM_increase_reservation) {
      // Pages without a gfn: only the allocation limit shows.
      if (totPages(d) + (1 << order) > maxPages(d)) break;
      continue;
    }
    const gfn = extentAt(d0, list, i);
    if (gfn === undefined) break;
    if (op === XENMEM_decrease_reservation) {
      // guest_remove_page for each frame; a frame with nothing mapped stops the loop.
      let ok = true;
      for (let j = 0; j < 1 << order && ok; j++) ok = d.memory.unmap(gfn + j);
      if (!ok) break;
    } else {
      // populate_physmap: allocation within max_pages, then guest_physmap_add_page.
      if (totPages(d) + (1 << order) > maxPages(d)) break;
      if ((gfn + (1 << order)) * PAGE_SIZE > d.memory.size) break;
      // A frame already mapped gets the new page; the old one is unlinked.
      for (let j = 0; j < 1 << order; j++) {
        d.memory.unmap(gfn + j);
        d.memory.populate(gfn + j);
      }
    }
  }
  if (preempted)
    return hypercallCreateContinuation(call, HYPERVISOR_memory_op, [
      op + i * 2 ** MEMOP_EXTENT_SHIFT,
      argAddr(call, 1),
    ]);
  // The loop stopped early: an extent failed, and the result is the extents done.
  return i < nr ? namedCheck(t, `${id}.extent_fault`, i, "nr_done") : i;
}
