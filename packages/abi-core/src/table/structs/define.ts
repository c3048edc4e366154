/**
 * The shape of a struct table entry, and the one helper every per-header file builds fields
 * with. Field names and C types are spelled exactly as Xen's public headers declare them;
 * layouts are not written here: abi/layout.ts computes them from these declarations.
 */
import type { CFieldDecl, CRecordDecl } from "../../abi/layout.js";
import type { ReleaseRef } from "../../machine/release.js";

export interface StructFieldDef extends CFieldDecl {
  /** What the field holds, in one line. */
  readonly meaning: string;
}

export interface StructDef extends CRecordDecl {
  /** Public header declaring it, relative to xen/include (`public/argo.h`). */
  readonly header: string;
  readonly summary: string;
  readonly fields: readonly StructFieldDef[];
  /**
   * Xen declares this as an array typedef (`typedef char xen_extraversion_t[16]`); it is
   * modelled as a struct with that one array field, which has the same size and alignment.
   */
  readonly arrayTypedef?: boolean;
  /**
   * xen/include/xlat.lst for 32-bit x86 guests: "translate" ('!') when the compat layout differs
   * and Xen converts it, "check" ('?') when Xen asserts the compat layout is identical.
   */
  readonly xlat?: "translate" | "check";
  /** First release whose header has it (absent: every modelled release). */
  readonly since?: ReleaseRef;
}

type Extra = Pick<CFieldDecl, "count" | "flexible" | "targets">;

/** One field: `f("len", "uint32_t", "Ring size in bytes.")`, `{ count: 4 }` for an array. */
export function f(name: string, ctype: string, meaning: string, extra: Extra = {}): StructFieldDef {
  return { name, ctype, meaning, ...extra };
}
