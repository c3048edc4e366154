/**
 * A domain's grant table as Xen keeps it (xen/common/grant_table.c `struct grant_table`,
 * `struct active_grant_entry`, `struct grant_mapping`): the shared frames the guest writes its
 * grant entries into (Xen's own pages, mapped into the guest on request), v2's status frames,
 * the active (pinned) entries and the maptrack of mappings this domain made of others' grants.
 * State only; grant_table_op's code lives in hypercalls/grant_table_op/.
 */
import { PAGE_SIZE } from "./memory.js";

/** One pinned grant (`struct active_grant_entry`): who holds it and the frame it names. */
export interface ActiveGrant {
  /** act->pin: GNTPIN_* counts of host/device, read/write mappings. */
  pin: number;
  /** act->domid: the domain the grant is pinned for. */
  domid: number;
  /** act->gfn: the granter's frame. */
  gfn: number;
  /** The page itself (Xen holds a reference while it is pinned). */
  page: Uint8Array | null;
  /**
   * What a copy pinned (acquire_grant_for_copy): act->start and act->length, the bytes of the
   * page the grant allows (absent: the whole page); act->src_domid and act->trans_gref, the
   * entry a v2 transitive grant pinned in another domain (absent: this one).
   */
  start?: number;
  length?: number;
  isSubPage?: boolean;
  srcDomid?: number;
  transGref?: number;
}

/** One maptrack entry (`struct grant_mapping`); flags 0: free. */
export interface GrantMapping {
  ref: number;
  flags: number;
  domid: number;
  /** The vCPU whose free list the handle returns to. */
  vcpu: number;
  /** Where a host mapping was made: the caller's gfn (translated guests), or -1. */
  hostGfn: number;
}

export interface GrantTable {
  /** gt->gt_version: 1 or 2. */
  version: number;
  /** gt->max_version (GNTTAB_MAX_VERSION: 1 on Arm, 2 on x86). */
  readonly maxVersion: number;
  /** gt->max_grant_frames (opt_max_grant_frames, 64). */
  readonly maxFrames: number;
  /** gt->max_maptrack_frames (opt_max_maptrack_frames, 1024). */
  readonly maxMaptrackFrames: number;
  /** gt->shared_raw: nr_grant_frames pages. */
  readonly shared: Uint8Array[];
  /** gt->status: nr_status_frames pages (version 2 only). */
  readonly status: Uint8Array[];
  /** Where each shared frame is mapped in the domain's p2m (-1: nowhere). */
  readonly sharedGfn: number[];
  /** Where each status frame is mapped (-1: nowhere). */
  readonly statusGfn: number[];
  /** Active entries by grant reference. */
  readonly active: Map<number, ActiveGrant>;
  /** The maptrack, indexed by handle; its length is maptrack_limit. */
  readonly maptrack: GrantMapping[];
  /** Per vCPU: its maptrack free list, head first (v->maptrack_head ... maptrack_tail). */
  readonly freeLists: number[][];
}

/** INITIAL_NR_GRANT_FRAMES (asm/grant_table.h, every arch). */
export const INITIAL_NR_GRANT_FRAMES = 1;

export function newGrantPage(): Uint8Array {
  return new Uint8Array(PAGE_SIZE);
}

/** grant_table_init(d, -1, -1, max_version): version 1, one frame. */
export function newGrantTable(maxVersion: number, vcpus: number): GrantTable {
  const gt: GrantTable = {
    version: 1,
    maxVersion,
    maxFrames: 64,
    maxMaptrackFrames: 1024,
    shared: [],
    status: [],
    sharedGfn: [],
    statusGfn: [],
    active: new Map(),
    maptrack: [],
    freeLists: Array.from({ length: vcpus }, () => []),
  };
  for (let i = 0; i < INITIAL_NR_GRANT_FRAMES; i++) {
    gt.shared.push(newGrantPage());
    gt.sharedGfn.push(-1);
  }
  return gt;
}
