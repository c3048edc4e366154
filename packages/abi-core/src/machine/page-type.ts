/**
 * An x86 PV domain's page type info, per frame: the part of `struct page_info`'s
 * u.inuse.type_info that xen/arch/x86/mm.c (_get_page_type, _put_page_type) keeps, with the
 * PGT_* types of xen/arch/x86/include/asm/mm.h: a type, a type count and the validated bit.
 *
 * The machine has no PV page tables of its own: a PV guest's frames are the machine's identity
 * view of its memory (frame n is the guest's frame n), and no frame starts mapped by the guest,
 * writable or otherwise. So every frame starts untyped (PGT_none, count 0), and the guest's own
 * writes to its memory take no type: a frame typed as a descriptor page or a page table stays
 * so while the guest writes it, which a real PV guest could not do (its mappings of such a
 * frame are read-only). `contents` keeps what a descriptor page held when it was validated, so
 * that a frame whose count fell to 0 and that the guest has since written is validated again
 * when taken again: in Xen, writing it would have needed a writable type first. The info is
 * kept per frame number: a frame the guest gives back (XENMEM_decrease_reservation) and gets
 * again keeps it, where Xen would hand out a new, untyped page (not modelled).
 */

/** PGT_none, PGT_l1_page_table .. PGT_l4_page_table, PGT_seg_desc_page, PGT_writable_page. */
export type PageType = "none" | "l1" | "l2" | "l3" | "l4" | "seg_desc" | "writable";

/** One frame's type_info, with the page_info fields a page table's validation keeps. */
export interface PageTypeInfo {
  type: PageType;
  /** PGT_count_mask: type references held. */
  count: number;
  /** PGT_validated. */
  validated: boolean;
  /**
   * The bytes as validated (null: none kept): a descriptor page's, or a page table's after its
   * validation wrote its adjustments, from which its devalidation drops what it took.
   */
  contents: Uint8Array | null;
  /** PGT_pae_xen_l2: a 32-bit guest's L2 in its L3's slot 3. */
  paeXenL2: boolean;
  /** PGT_partial: a page table left partly validated. */
  partial: boolean;
  /** nr_validated_ptes and partial_flags' PTF_partial_set of a partly validated table. */
  nrValidated: number;
  partialSet: boolean;
  /** linear_pt_count: > 0 linear entries this table holds, < 0 its uses as a linear table. */
  linear: number;
}

/** A frame's type_info when it is untyped (type_info 0). */
export function untyped(): PageTypeInfo {
  return {
    type: "none",
    count: 0,
    validated: false,
    contents: null,
    paeXenL2: false,
    partial: false,
    nrValidated: 0,
    partialSet: false,
    linear: 0,
  };
}

/** The type info of a domain's frames; a frame never typed is untyped with count 0. */
export class PageTypes {
  private readonly frames = new Map<number, PageTypeInfo>();

  /** Frame `frame`'s type info, made untyped on first use. */
  of(frame: number): PageTypeInfo {
    let info = this.frames.get(frame);
    if (info === undefined) {
      info = untyped();
      this.frames.set(frame, info);
    }
    return info;
  }

  /** Frame `frame`'s type info without making one (untyped frames read as undefined). */
  peek(frame: number): Readonly<PageTypeInfo> | undefined {
    return this.frames.get(frame);
  }

  /** A copy of every frame's type info, and a function that puts it back. */
  save(): () => void {
    const copy = new Map([...this.frames].map(([f, i]): [number, PageTypeInfo] => [f, { ...i }]));
    return () => {
      this.frames.clear();
      for (const [f, i] of copy) this.frames.set(f, { ...i });
    };
  }
}
