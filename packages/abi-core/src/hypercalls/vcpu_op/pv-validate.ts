/**
 * The page-table context of one PV VCPUOP_initialise: validate_page and devalidate_page
 * (xen/arch/x86/mm.c) dispatched by type to each level's promote and demote, and the undo that
 * puts the domain back as it was when the machine answers the call `unmodelled`: every frame's
 * type info, the bytes of each frame the call wrote, the vCPUs' tables.
 */
import type { Vcpu } from "../../machine/domain.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { PageTypeInfo } from "../../machine/page-type.js";
import { validateSegdescPage } from "./descriptor.js";
import type { PtContext } from "./page-type.js";
import { demoteL1, promoteL1 } from "./pv-l1.js";
import { demoteL2, demoteL3, promoteL2, promoteL3 } from "./pv-l2-l3.js";
import { demoteL4, promoteL3Compat, promoteL4 } from "./pv-root-table.js";

/** What the call supplies of a PtContext; ptContext adds the undo and the level functions. */
export type PtCall = Omit<PtContext, "touch" | "validate" | "devalidate">;

/** The context for a call by `current`, and the undo of everything it may change. */
export function ptContext(
  call: PtCall,
  vcpus: readonly Vcpu[],
): { ctx: PtContext; undo: () => void } {
  const { d } = call;
  const restoreTypes = d.pageTypes.save();
  const bytes = new Map<number, Uint8Array>();
  const pv = vcpus.map((v) => ({ ...v.pv, gdtFrames: [...v.pv.gdtFrames] }));
  const touch = (frame: number): void => {
    if (!bytes.has(frame)) bytes.set(frame, d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE)!);
  };
  const compat = d.mode === "pv32";
  const ctx: PtContext = {
    ...call,
    touch,
    validate(frame: number, info: PageTypeInfo): number {
      switch (info.type) {
        case "l1":
          return promoteL1(ctx, frame);
        case "l2":
          return promoteL2(ctx, frame, info.paeXenL2);
        case "l3":
          return compat ? promoteL3Compat(ctx, frame) : promoteL3(ctx, frame);
        case "l4":
          return promoteL4(ctx, frame);
        default:
          touch(frame);
          return validateSegdescPage(call.trace, d, frame, "vcpu_op.initialise.pv_gdt_descriptor");
      }
    },
    devalidate(frame: number, info: PageTypeInfo, partial: boolean): void {
      if (info.type === "l1") demoteL1(ctx, info.contents!);
      else if (info.type === "l2") demoteL2(ctx, frame, info, partial);
      else if (info.type === "l3") demoteL3(ctx, frame, info, partial);
      else demoteL4(ctx, frame, info, partial);
    },
  };
  const undo = (): void => {
    restoreTypes();
    for (const [f, b] of bytes) d.memory.write(f * PAGE_SIZE, b);
    vcpus.forEach((v, i) => Object.assign(v.pv, pv[i]));
  };
  return { ctx, undo };
}
