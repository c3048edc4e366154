/**
 * Per-mode facts about one hypercall argument, computed from abi-core (registers from
 * MODE_INFO, widths from its C type table, what the dispatcher does with the register from
 * its own narrowing rules: findArgReading), never written in the YAML files.
 *
 * "What Xen does with the bits" follows from three widths: the argument's C type in the guest's
 * ABI, the register as Xen reads it for that mode, and the handler parameter's type inside
 * Xen. Facts: xen-facts.md §4 (Arm passes register_t and casts to the prototype's type), §5
 * (arm64 Xen sees all 64 bits of an AArch32 guest's xN; zeroed on entry from 4.17.0 and 4.16.1), §7 (x86
 * compat reads `unsigned int`).
 */
import { MODE_INFO, GUEST_MODES, type GuestMode, type XenArch } from "@xen-abi/abi-core";
import { findCType } from "@xen-abi/abi-core/abi";
import { findArgReading } from "@xen-abi/abi-core/dispatch";

/** Modes in the order the export lists them (Arm first, then 64-bit x86, then 32-bit x86). */
export const EXPORT_MODES: readonly GuestMode[] = [
  "aarch64",
  "aarch32",
  "pv64",
  "hvm64",
  "pv32",
  "hvm32",
];

export type BitHandling =
  /** Every bit of the register reaches the handler. */
  | "full"
  /** The cast to the prototype's type drops the upper bits; nothing checks them. */
  | "truncated"
  /** The handler rejects values outside 32 bits with -EINVAL. */
  | "range-checked"
  /** A guest address: Xen reads it as a guest handle and copies through it. */
  | "guest-handle";

export interface ModeArgFacts {
  readonly register: string;
  /** Width of the argument in this mode's ABI (the guest's C type). */
  readonly bits: number;
  /** Width of the register as Xen reads it for this mode (arm64 Xen: 64 for AArch32 too). */
  readonly xenBits: 32 | 64;
  readonly handling: BitHandling;
  /** One line on what happens to the bits. */
  readonly summary: string;
}

function isPointer(type: string): boolean {
  return /\*\s*$/.test(type) || /^XEN_GUEST_HANDLE/.test(type.trim());
}

/** Size in bytes of a C type in a mode's ABI, or undefined if neither abi-core nor the internal typedefs know it. */
export function typeBytes(type: string, mode: GuestMode): number | undefined {
  const t = type.trim();
  const info = findCType(t, mode);
  if (info !== undefined) return info.size;
  if (isPointer(t)) return MODE_INFO[mode].handleParamBytes;
  return undefined;
}

/** Whether abi-core can give this type a width in every mode. */
export function typeKnown(type: string): boolean {
  return GUEST_MODES.every((m) => typeBytes(type, m) !== undefined);
}

/**
 * Facts for argument `index` of C type `type` in `mode`, on `arch` Xen (default: the first Xen
 * that runs the mode, so AArch32 is described on arm64 Xen, where its top halves matter).
 */
export function argFacts(
  index: number,
  type: string,
  mode: GuestMode,
  rangeChecked: boolean,
  arch: XenArch = MODE_INFO[mode].xenArches[0]!,
): ModeArgFacts {
  const info = MODE_INFO[mode];
  // What the dispatcher does; a type it does not know (a proposal's) is taken at full width.
  const reading = findArgReading(type, mode, arch) ?? {
    registerBits: arch === "arm32" || (info.family === "x86" && info.bits === 32) ? 32 : 64,
    paramBits: 64,
    handle: isPointer(type),
    drops: false,
  };
  const register = info.argRegs[index] ?? `(stack ${index + 1})`;
  const guestBytes = typeBytes(type, mode);
  const bits = Math.min(guestBytes === undefined ? info.bits : guestBytes * 8, info.bits);
  const xenBits = reading.registerBits;
  const upper =
    mode === "aarch32" && arch === "arm64"
      ? " An AArch32 guest's register arrives as a 64-bit register_t on arm64 Xen: from 4.17.0, and in the 4.16 line from 4.16.1, Xen zeroes the top half on entry; before, it held whatever the CPU kept (Arm ARM D1.20.2)."
      : "";
  if (reading.handle || isPointer(type)) {
    return {
      register,
      bits,
      xenBits,
      handling: "guest-handle",
      summary: `guest address (${info.handleParamBytes * 8}-bit XEN_GUEST_HANDLE_PARAM); Xen copies through it and returns -EFAULT on a bad address.${upper ? `${upper} A stale top half is part of the address.` : ""}`,
    };
  }
  const typeBits = reading.paramBits;
  if (rangeChecked) {
    return {
      register,
      bits,
      xenBits,
      handling: "range-checked",
      summary:
        xenBits === 32
          ? "32-bit register; Xen's 32-bit range check cannot fire"
          : `values above 32 bits are rejected with -EINVAL.${upper}`,
    };
  }
  if (reading.drops) {
    return {
      register,
      bits,
      xenBits,
      handling: "truncated",
      summary: `Xen reads ${xenBits} bits and casts to ${type} (${typeBits} bits): the upper bits are silently dropped.${upper}`,
    };
  }
  return {
    register,
    bits,
    xenBits,
    handling: "full",
    summary:
      typeBits > xenBits
        ? `Xen reads a ${xenBits}-bit register into a ${typeBits}-bit parameter: only the low half can be passed.`
        : mode === "aarch32" && arch === "arm64"
          ? `all ${xenBits} bits of the register reach the handler, more than the guest's ${bits}-bit type.${upper}`
          : `all ${xenBits} bits reach the handler.`,
  };
}
