/**
 * The struct layout engine: C's rules for placing fields, over the scalar types of ctypes.ts.
 *
 * Each field goes at the next multiple of its alignment; a struct is as aligned as its most
 * aligned member (a flexible array member counts) and its size is rounded up to that
 * alignment; a flexible array member adds no size (C11 6.7.2.1p18). The results are checked
 * against clang's record layouts for all four targets (test/fixtures/layouts/).
 *
 * The engine knows no struct by itself: it is given a lookup of record declarations (the
 * struct table in table/structs.ts supplies Xen's).
 */
import type { CTarget } from "./modes.js";
import { cTargetOf, findCType, type LayoutAbi, type ScalarKind } from "./ctypes.js";

/** One member as declared: `uint8_t reserved[56]` is `{ name: "reserved", ctype: "uint8_t", count: 56 }`. */
export interface CFieldDecl {
  readonly name: string;
  /** Element type as the header spells it: a scalar (`uint32_t`, `XEN_GUEST_HANDLE(uint8)`) or a struct name. */
  readonly ctype: string;
  /** Array length; absent for a plain member. */
  readonly count?: number;
  /** A flexible array member (`T name[XEN_FLEX_ARRAY_DIM]`); must be last. */
  readonly flexible?: boolean;
  /**
   * Only on these targets (an `#ifdef __i386__` member, or one that arch-arm.h and
   * arch-x86/xen.h declare differently: `vcpu_info[XEN_LEGACY_MAX_VCPUS]`); absent: all.
   */
  readonly targets?: readonly CTarget[];
}

/** A struct declaration the engine can lay out. */
export interface CRecordDecl {
  /** Name it is looked up by (Xen's typedef name where there is one). */
  readonly name: string;
  /** The struct tag (`xen_argo_addr` for `struct xen_argo_addr`), if it differs from `name`. */
  readonly tag?: string;
  readonly fields: readonly CFieldDecl[];
}

/** Finds a record by name, by `struct tag`, or by tag alone; undefined when unknown. */
export type RecordLookup = (name: string) => CRecordDecl | undefined;

export interface FieldLayout {
  readonly name: string;
  /** Element type as declared. */
  readonly ctype: string;
  /** Byte offset from the start of the struct. */
  readonly offset: number;
  /** Bytes the member occupies: elemSize * count, elemSize for a plain member, 0 when flexible. */
  readonly size: number;
  readonly align: number;
  /** Size of one element. */
  readonly elemSize: number;
  readonly count?: number;
  readonly flexible?: boolean;
  /** How the element's bytes are read: an integer, a pointer, a guest handle, or a nested struct. */
  readonly kind: ScalarKind | "struct";
  /** Whether an integer element is signed (false for pointers, handles and structs). */
  readonly signed: boolean;
  /** The nested struct's layout when kind is "struct". */
  readonly struct?: StructLayout;
}

export interface StructLayout {
  readonly name: string;
  readonly target: CTarget;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
}

/** The plain shape exported as JSON for guidelines and the site. */
export interface LayoutSummary {
  readonly size: number;
  readonly align: number;
  readonly fields: readonly {
    readonly name: string;
    readonly offset: number;
    readonly size: number;
  }[];
}

export class UnknownStructError extends Error {
  constructor(readonly struct: string) {
    super(`unknown struct '${struct}'`);
    this.name = "UnknownStructError";
  }
}

function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/** Strip a leading `struct ` so `struct xen_argo_addr` and `xen_argo_addr_t` both reach the lookup. */
function recordName(ctype: string): string {
  return ctype.replace(/^\s*struct\s+/, "").trim();
}

/**
 * Lays out records from a lookup, caching one result per (record, target): pv32 and hvm32 share
 * i386's layout, aarch64 mode and the aarch64 target are the same entry. Layouts are frozen.
 */
export class LayoutEngine {
  private readonly cache = new Map<string, StructLayout>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly lookup: RecordLookup) {}

  /** Whether the lookup knows `name`. */
  has(name: string): boolean {
    return this.lookup(recordName(name)) !== undefined;
  }

  /** Size, alignment and every field's offset of struct `name` under `abi`. Throws UnknownStructError. */
  layoutOf(name: string, abi: LayoutAbi): StructLayout {
    const target = cTargetOf(abi);
    const decl = this.lookup(recordName(name));
    if (decl === undefined) throw new UnknownStructError(name);
    const key = `${target}\0${decl.name}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    if (this.inProgress.has(key)) throw new Error(`struct ${decl.name} contains itself`);
    this.inProgress.add(key);
    try {
      const layout = this.compute(decl, target);
      this.cache.set(key, layout);
      return layout;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private compute(decl: CRecordDecl, target: CTarget): StructLayout {
    const fields: FieldLayout[] = [];
    let offset = 0;
    let align = 1;
    const decls = decl.fields.filter((f) => f.targets === undefined || f.targets.includes(target));
    decls.forEach((f, i) => {
      const where = `${decl.name}.${f.name}`;
      if (f.flexible === true && i !== decls.length - 1)
        throw new Error(`${where}: a flexible array member must be the last field`);
      if (f.flexible === true && f.count !== undefined)
        throw new Error(`${where}: a flexible array member has no count`);
      if (f.count !== undefined && (!Number.isSafeInteger(f.count) || f.count < 1))
        throw new Error(`${where}: array count ${f.count} is not a positive integer`);
      if (fields.some((g) => g.name === f.name)) throw new Error(`${where}: duplicate field`);

      const elem = this.element(f.ctype, target, where);
      offset = roundUp(offset, elem.align);
      const size = f.flexible === true ? 0 : elem.size * (f.count ?? 1);
      fields.push(
        Object.freeze({
          name: f.name,
          ctype: f.ctype,
          offset,
          size,
          align: elem.align,
          elemSize: elem.size,
          ...(f.count !== undefined ? { count: f.count } : {}),
          ...(f.flexible === true ? { flexible: true } : {}),
          kind: elem.kind,
          signed: elem.signed,
          ...(elem.struct !== undefined ? { struct: elem.struct } : {}),
        }),
      );
      offset += size;
      align = Math.max(align, elem.align);
    });
    return Object.freeze({
      name: decl.name,
      target,
      size: roundUp(offset, align),
      align,
      fields: Object.freeze(fields),
    });
  }

  private element(ctype: string, target: CTarget, where: string) {
    const scalar = findCType(ctype, target);
    if (scalar !== undefined) return { ...scalar, struct: undefined };
    if (!this.has(ctype)) throw new Error(`${where}: unknown C type '${ctype}'`);
    const struct = this.layoutOf(ctype, target);
    return {
      kind: "struct" as const,
      size: struct.size,
      align: struct.align,
      signed: false,
      struct,
    };
  }
}

/** `{ size, align, fields: [{ name, offset, size }] }`, the per-mode shape of the exported JSON. */
export function layoutSummary(layout: StructLayout): LayoutSummary {
  return {
    size: layout.size,
    align: layout.align,
    fields: layout.fields.map((f) => ({ name: f.name, offset: f.offset, size: f.size })),
  };
}

/** The field called `name`, or undefined. */
export function fieldOf(layout: StructLayout, name: string): FieldLayout | undefined {
  for (const f of layout.fields) if (f.name === name) return f;
  return undefined;
}
