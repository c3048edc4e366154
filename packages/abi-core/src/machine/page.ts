/** Guest pages: Xen's PAGE_SHIFT and PAGE_SIZE for every modelled architecture (4 KiB). */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
