/**
 * Grant entries in the granter's shared frames (public/grant_table.h grant_entry_v1_t, and
 * grant_entry_v2_t's header, full-page frame and status word), read and written by field
 * name or offset; and the maptrack handle free lists (xen/common/grant_table.c:
 * get_maptrack_handle, _get_maptrack_handle, steal_maptrack_handle, put_maptrack_handle).
 */
import type { Domain } from "../../machine/domain.js";
import type { GrantMapping, GrantTable } from "../../machine/grant-table.js";
import { structOffsets } from "../../table/struct-offsets.js";
import { MAPTRACK_PER_PAGE } from "./constants.js";
import { entriesPerFrame } from "./setup.js";

/** grant_entry_v1_t has fixed-width fields only: one layout in every ABI. */
const V1 = structOffsets("grant_entry_v1_t", "aarch64", ["flags", "domid", "frame"]);

/** Where entry `ref` of a v1 table sits: its frame and byte offset. */
function at(gt: GrantTable, ref: number): { page: Uint8Array; o: number } {
  const per = entriesPerFrame(1);
  return { page: gt.shared[Math.floor(ref / per)]!, o: (ref % per) * V1.size };
}

function u16(p: Uint8Array, o: number): number {
  return p[o]! | (p[o + 1]! << 8);
}

export interface EntryV1 {
  flags: number;
  domid: number;
  frame: number;
}

export function readEntryV1(gt: GrantTable, ref: number): EntryV1 {
  const { page, o } = at(gt, ref);
  const f = o + V1.at.frame;
  return {
    flags: u16(page, o + V1.at.flags),
    domid: u16(page, o + V1.at.domid),
    frame: (page[f]! | (page[f + 1]! << 8) | (page[f + 2]! << 16) | (page[f + 3]! << 24)) >>> 0,
  };
}

/** The entry's flags word as Xen's cmpxchg / gnttab_clear_flags change it. */
export function setEntryFlagsV1(gt: GrantTable, ref: number, flags: number): void {
  const { page, o } = at(gt, ref);
  page[o + V1.at.flags] = flags & 0xff;
  page[o + V1.at.flags + 1] = (flags >>> 8) & 0xff;
}

/**
 * A v1 or v2 entry's header, grant_entry_header_t (flags, domid): the first 4 bytes of either
 * (public/grant_table.h; a v2 entry is 16 bytes, 256 to a frame).
 */
export function entryHeader(gt: GrantTable, ref: number): { flags: number; domid: number } {
  if (gt.version === 1) return readEntryV1(gt, ref);
  const page = gt.shared[Math.floor(ref / 256)]!;
  const o = (ref % 256) * 16;
  return { flags: u16(page, o), domid: u16(page, o + 2) };
}

/** The frame a full-page entry names: v1's uint32_t frame, v2's uint64_t full_page.frame. */
export function entryFrame(gt: GrantTable, ref: number): number {
  if (gt.version === 1) return readEntryV1(gt, ref).frame;
  const page = gt.shared[Math.floor(ref / 256)]!;
  const o = (ref % 256) * 16 + 8;
  const lo = (page[o]! | (page[o + 1]! << 8) | (page[o + 2]! << 16) | (page[o + 3]! << 24)) >>> 0;
  const hi =
    (page[o + 4]! | (page[o + 5]! << 8) | (page[o + 6]! << 16) | (page[o + 7]! << 24)) >>> 0;
  return hi * 0x1_0000_0000 + lo;
}

/**
 * The word Xen sets GTF_reading and GTF_writing in: a v1 entry's flags (_set_status_v1), or
 * a v2 entry's grant_status_t in the status frames (_set_status_v2).
 */
export function statusBits(gt: GrantTable, ref: number): number {
  if (gt.version === 1) return readEntryV1(gt, ref).flags;
  return u16(gt.status[Math.floor(ref / 2048)]!, (ref % 2048) * 2);
}

export function setStatusBits(gt: GrantTable, ref: number, bits: number): void {
  if (gt.version === 1) return setEntryFlagsV1(gt, ref, bits);
  const page = gt.status[Math.floor(ref / 2048)]!;
  const o = (ref % 2048) * 2;
  page[o] = bits & 0xff;
  page[o + 1] = (bits >>> 8) & 0xff;
}

/** get_maptrack_handle(lgt) for vCPU `vcpu`: a free handle, or -1 (INVALID_MAPTRACK_HANDLE). */
export function getMaptrackHandle(gt: GrantTable, d: Domain, vcpu: number): number {
  const own = gt.freeLists[vcpu]!;
  // _get_maptrack_handle: one entry always stays on the list (its tail).
  if (own.length > 1) return own.shift()!;
  if (gt.maptrack.length / MAPTRACK_PER_PAGE < gt.maxMaptrackFrames) {
    // A new maptrack frame: its first entry is the handle, the rest go to the list's head.
    const handle = gt.maptrack.length;
    const fresh: number[] = [];
    for (let i = 0; i < MAPTRACK_PER_PAGE; i++) {
      gt.maptrack.push({ ref: 0, flags: 0, domid: 0, vcpu, hostGfn: -1 });
      if (i > 0) fresh.push(handle + i);
    }
    own.unshift(...fresh);
    return handle;
  }
  // steal_maptrack_handle: Xen starts at a random vCPU; the model starts at vCPU 0.
  for (let i = 0; i < d.vcpus.length; i++) {
    const list = gt.freeLists[i]!;
    if (list.length > 1) {
      const h = list.shift()!;
      gt.maptrack[h]!.vcpu = vcpu;
      return h;
    }
  }
  return -1;
}

/** put_maptrack_handle: back on the tail of the list of the vCPU that took it. */
export function putMaptrackHandle(gt: GrantTable, handle: number): void {
  const mt: GrantMapping = gt.maptrack[handle]!;
  gt.freeLists[mt.vcpu]!.push(handle);
}
