/**
 * Checks on what a library user hands the machine: each bad value is refused at the call that
 * received it, with an error naming the value and what is allowed, instead of a machine that
 * answers -ENOSYS to everything later or a bare TypeError from deep inside.
 */
import { GUEST_MODES, XEN_ARCHES, type GuestMode, type XenArch } from "./abi/modes.js";
import {
  RELEASES,
  RELEASE_LINES,
  parseRelease,
  releaseLine,
  type Release,
} from "./machine/release.js";

/** Misuse of the machine's API: unknown domain, register, vCPU... (never a guest-visible error). */
export class XenError extends Error {
  override name = "XenError";
}

const show = (v: unknown): string =>
  typeof v === "string" ? `'${v}'` : typeof v === "bigint" ? `${v}n` : String(v);

/** Every modelled release, one range per line: `4.12.0-4.12.4, ..., 4.22.0`. */
export function modelledReleaseList(): string {
  return RELEASE_LINES.map((line) => {
    const all = RELEASES.filter((r) => releaseLine(r) === line);
    return all.length === 1 ? all[0]! : `${all[0]!}-${all.at(-1)!}`;
  }).join(", ");
}

/** `new Xen({ release })`: a tag's name ("4.16.1") or a line ("4.16" is 4.16.0), as a string. */
export function checkRelease(v: unknown): Release {
  const r = typeof v === "string" ? parseRelease(v) : undefined;
  if (r !== undefined) return r;
  const hint = typeof v === "number" ? ` (a number; write the release as a string, "${v}")` : "";
  throw new XenError(
    `release ${show(v)}${hint} is not a Xen release the machine models; modelled: ${modelledReleaseList()} ("4.16" names 4.16.0)`,
  );
}

export function checkArch(v: unknown): XenArch {
  if (XEN_ARCHES.includes(v as XenArch)) return v as XenArch;
  throw new XenError(
    `arch ${show(v)} is not a modelled Xen build; arch is one of ${XEN_ARCHES.join(", ")}`,
  );
}

export function checkMode(v: unknown): GuestMode {
  if (GUEST_MODES.includes(v as GuestMode)) return v as GuestMode;
  throw new XenError(`guest mode ${show(v)} is unknown; mode is one of ${GUEST_MODES.join(", ")}`);
}

/** A domain id: an integer 0..0x7fef (DOMID_FIRST_RESERVED - 1), as a number. */
export function checkDomid(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0x7fef) return v;
  const hint = typeof v === "string" ? " (a string; pass a number)" : "";
  throw new XenError(`domain id ${show(v)}${hint} is not an integer in 0..0x7fef`);
}

/**
 * A register value: a bigint (or a safe integer number) that fits 64 bits, unsigned or as a
 * negative two's-complement value. Returned as the unsigned 64-bit pattern.
 */
export function checkRegisterValue(name: string, v: unknown): bigint {
  let b: bigint | undefined;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  if (b === undefined)
    throw new XenError(
      `register ${name}: value ${show(v)} is not an integer (pass a bigint, such as 1n)`,
    );
  if (b > 0xffff_ffff_ffff_ffffn || b < -(1n << 63n))
    throw new XenError(
      `register ${name}: value 0x${(b < 0n ? -b : b).toString(16)}${b < 0n ? " (negative)" : ""} does not fit in 64 bits (allowed: -2^63 .. 2^64-1)`,
    );
  return BigInt.asUintN(64, b);
}
