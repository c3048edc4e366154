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

/** One frame's type_info. */
export interface PageTypeInfo {
  type: PageType;
  /** PGT_count_mask: type references held. */
  count: number;
  /** PGT_validated. */
  validated: boolean;
  /** A descriptor page's bytes as validated (null: none kept). */
  contents: Uint8Array | null;
}

/** The type info of a domain's frames; a frame never typed is untyped with count 0. */
export class PageTypes {
  private readonly frames = new Map<number, PageTypeInfo>();

  /** Frame `frame`'s type info, made untyped on first use. */
  of(frame: number): PageTypeInfo {
    let info = this.frames.get(frame);
    if (info === undefined) {
      info = { type: "none", count: 0, validated: false, contents: null };
      this.frames.set(frame, info);
    }
    return info;
  }

  /** Frame `frame`'s type info without making one (untyped frames read as undefined). */
  peek(frame: number): Readonly<PageTypeInfo> | undefined {
    return this.frames.get(frame);
  }
}
