/**
 * Scalar C types as each guest ABI sees them: size, alignment inside a struct, signedness.
 *
 * Facts: arch-arm.h (`xen_ulong_t`/`xen_pfn_t` are uint64_t; `uint64_aligned_t` is uint64_t
 * aligned(8); XEN_GUEST_HANDLE is a union of a pointer and uint64_aligned_t, 8 bytes and
 * 8-aligned on both widths; XEN_GUEST_HANDLE_PARAM is a union of a pointer and unsigned long);
 * arch-x86/xen.h (`struct { T *p; }` handles, PARAM == handle, xen_ulong_t is unsigned long);
 * xen/include/xen/compat.h (a 32-bit x86 guest's handle as Xen reads it is
 * `struct { compat_ptr_t c; }`, compat_ptr_t uint32_t); xen-x86_32.h (XEN_GUEST_HANDLE_64
 * and uint64_aligned_t are 8-aligned); the i386 psABI (8-byte integers are 4-aligned in structs);
 * AAPCS (char is unsigned, 8-byte integers 8-aligned).
 */
import { MODE_INFO, type CTarget, type GuestMode } from "./modes.js";

/** What the layout functions accept: a guest mode, or directly the C target whose rules it follows. */
export type LayoutAbi = GuestMode | CTarget;

export const C_TARGETS: readonly CTarget[] = ["aarch64", "armv7", "x86_64", "i386"];

/** The clang `-target` triple each target's golden fixtures were generated with. */
export const CLANG_TRIPLES: Readonly<Record<CTarget, string>> = {
  aarch64: "aarch64-linux-gnu",
  armv7: "armv7a-linux-gnueabihf",
  x86_64: "x86_64-linux-gnu",
  i386: "i386-linux-gnu",
};

/** The C target whose layout rules `abi` follows (aarch32 -> armv7, pv32/hvm32 -> i386, ...). */
export function cTargetOf(abi: LayoutAbi): CTarget {
  if (Object.hasOwn(MODE_INFO, abi)) return MODE_INFO[abi as GuestMode].cTarget;
  if ((C_TARGETS as readonly string[]).includes(abi)) return abi as CTarget;
  throw new Error(`unknown guest mode or C target '${abi}'`);
}

/** How a scalar's bytes are interpreted. */
export type ScalarKind = "int" | "pointer" | "handle";

export interface ScalarInfo {
  /** The type as asked for, normalised (single spaces, no qualifiers, `T *`). */
  readonly ctype: string;
  readonly kind: ScalarKind;
  readonly size: number;
  /** Alignment as a struct member (what decides offsets). */
  readonly align: number;
  readonly signed: boolean;
  /** What a typedef or macro resolves to on this target, e.g. xen_ulong_t -> "uint64_t". */
  readonly base: string;
}

/** Per-target facts the scalar table is computed from. */
interface TargetRules {
  readonly family: "arm" | "x86";
  /** sizeof(long) == sizeof(void *). */
  readonly wordBytes: 4 | 8;
  /** Struct-member alignment of 8-byte integers (4 on i386). */
  readonly int64Align: 4 | 8;
  /** Plain `char` is unsigned on Arm (AAPCS), signed on x86. */
  readonly charSigned: boolean;
  /** XEN_GUEST_HANDLE(x) inside a struct in guest memory. */
  readonly handleBytes: 4 | 8;
  /** XEN_GUEST_HANDLE_PARAM(x): a hypercall argument. */
  readonly paramBytes: 4 | 8;
}

const RULES: Readonly<Record<CTarget, TargetRules>> = {
  aarch64: {
    family: "arm",
    wordBytes: 8,
    int64Align: 8,
    charSigned: false,
    handleBytes: 8,
    paramBytes: 8,
  },
  // arch-arm.h: the in-memory handle is the uint64_aligned_t union on both widths.
  armv7: {
    family: "arm",
    wordBytes: 4,
    int64Align: 8,
    charSigned: false,
    handleBytes: 8,
    paramBytes: 4,
  },
  x86_64: {
    family: "x86",
    wordBytes: 8,
    int64Align: 8,
    charSigned: true,
    handleBytes: 8,
    paramBytes: 8,
  },
  // compat.h: Xen reads a 32-bit guest's handle as a 4-byte compat_ptr_t.
  i386: {
    family: "x86",
    wordBytes: 4,
    int64Align: 4,
    charSigned: true,
    handleBytes: 4,
    paramBytes: 4,
  },
};

/** Spelling variants folded onto one name before lookup. */
const SYNONYMS: Readonly<Record<string, string>> = {
  unsigned: "unsigned int",
  signed: "int",
  "signed int": "int",
  "short int": "short",
  "signed short": "short",
  "unsigned short int": "unsigned short",
  "long int": "long",
  "signed long": "long",
  "unsigned long int": "unsigned long",
  "long long int": "long long",
  "signed long long": "long long",
  "unsigned long long int": "unsigned long long",
};

/** Xen typedefs of fixed-width types (xen.h, event_channel.h, argo.h, grant_table.h). */
const XEN_TYPEDEFS: Readonly<Record<string, string>> = {
  domid_t: "uint16_t",
  evtchn_port_t: "uint32_t",
  grant_ref_t: "uint32_t",
  grant_handle_t: "uint32_t",
  xen_argo_port_t: "uint32_t",
  xen_argo_gfn_t: "uint64_t",
  // Xen-internal, but a hypercall parameter type (set_timer_op): xen/include/xen/time.h.
  s_time_t: "int64_t",
};

function int(
  ctype: string,
  size: number,
  align: number,
  signed: boolean,
  base = ctype,
): ScalarInfo {
  return { ctype, kind: "int", size, align, signed, base };
}

/** Fundamental and <stdint.h> types for a target. */
function fundamental(name: string, r: TargetRules): ScalarInfo | undefined {
  const w = r.wordBytes;
  switch (name) {
    case "char":
      return int(name, 1, 1, r.charSigned);
    case "signed char":
    case "int8_t":
      return int(name, 1, 1, true);
    case "unsigned char":
    case "uint8_t":
      return int(name, 1, 1, false);
    case "short":
    case "int16_t":
      return int(name, 2, 2, true);
    case "unsigned short":
    case "uint16_t":
      return int(name, 2, 2, false);
    case "int":
    case "int32_t":
      return int(name, 4, 4, true);
    case "unsigned int":
    case "uint32_t":
      return int(name, 4, 4, false);
    case "long":
      return int(name, w, w, true);
    case "unsigned long":
      return int(name, w, w, false);
    case "long long":
    case "int64_t":
      return int(name, 8, r.int64Align, true);
    case "unsigned long long":
    case "uint64_t":
      return int(name, 8, r.int64Align, false);
    // Xen's "aligned" 64-bit types are aligned(8) wherever they are declared specially.
    case "int64_aligned_t":
      return int(name, 8, 8, true, "int64_t");
    case "uint64_aligned_t":
      return int(name, 8, 8, false, "uint64_t");
    // arch-arm.h: uint64_t; arch-x86/xen.h: unsigned long.
    case "xen_ulong_t":
    case "xen_pfn_t": {
      const base = r.family === "arm" ? "uint64_t" : "unsigned long";
      return { ...fundamental(base, r)!, ctype: name, base };
    }
    default:
      return undefined;
  }
}

const HANDLE_RE = /^(XEN_GUEST_HANDLE(?:_PARAM|_64)?)\(\s*(\w+)\s*\)$/;

/** Fold whitespace, drop cv-qualifiers, write pointers as `T *`. */
export function normalizeCType(ctype: string): string {
  const t = ctype
    .replace(/\b(const|volatile)\b/g, " ")
    .replace(/\s*\*\s*/g, "*")
    .replace(/\s+/g, " ")
    .replace(/ ?([()]) ?/g, "$1")
    .trim()
    .replace(/([^*])\*/, "$1 *");
  return SYNONYMS[t] ?? t;
}

function resolve(ctype: string, target: CTarget): ScalarInfo | undefined {
  const r = RULES[target];
  if (ctype.endsWith("*")) {
    return {
      ctype,
      kind: "pointer",
      size: r.wordBytes,
      align: r.wordBytes,
      signed: false,
      base: ctype,
    };
  }
  const h = HANDLE_RE.exec(ctype);
  if (h !== null) {
    const macro = h[1]!;
    // XEN_GUEST_HANDLE_64 is 8 bytes everywhere: the union with uint64_aligned_t on Arm and
    // x86_32 (xen-x86_32.h), the plain 8-byte handle on x86_64.
    const size =
      macro === "XEN_GUEST_HANDLE_PARAM"
        ? r.paramBytes
        : macro === "XEN_GUEST_HANDLE_64"
          ? 8
          : r.handleBytes;
    return { ctype, kind: "handle", size, align: size, signed: false, base: `${h[2]!} *` };
  }
  const typedef = XEN_TYPEDEFS[ctype];
  if (typedef !== undefined) return { ...fundamental(typedef, r)!, ctype, base: typedef };
  return fundamental(ctype, r);
}

// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const cache = new Map<string, ScalarInfo | null>();

/** Scalar info for `ctype` under `abi`, or undefined when it is not a scalar this module knows. */
export function findCType(ctype: string, abi: LayoutAbi): ScalarInfo | undefined {
  const target = cTargetOf(abi);
  const key = `${target}\0${ctype}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = resolve(normalizeCType(ctype), target) ?? null;
    if (hit !== null) Object.freeze(hit);
    cache.set(key, hit);
  }
  return hit ?? undefined;
}

/**
 * Size, member alignment and signedness of a scalar C type (`"unsigned long"`, `"xen_ulong_t"`,
 * `"uint64_aligned_t"`, `"domid_t"`, `"XEN_GUEST_HANDLE(uint8)"`, `"void *"`, ...) under a guest
 * mode or C target. Throws for a type it does not know (structs: see the layout engine).
 */
export function ctypeInfo(ctype: string, abi: LayoutAbi): ScalarInfo {
  const info = findCType(ctype, abi);
  if (info === undefined) throw new Error(`unknown C type '${ctype}'`);
  return info;
}
