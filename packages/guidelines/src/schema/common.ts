/**
 * Building blocks shared by the hypercall-doc and proposal schemas. Every object is strict:
 * a misspelt key is an error, not silently ignored data.
 */
import { isReleaseRef } from "@xen-abi/abi-core";
import { z } from "zod";

/** Guest modes as abi-core names them (the keys of `registers` and `bits` in the export). */
export const GuestModeSchema = z.enum(["aarch64", "aarch32", "pv64", "pv32", "hvm64", "hvm32"]);

/** Releases the project models: a line ("4.16", its 4.16.0) or a tagged point release. */
export const ReleaseSchema = z
  .string()
  .regex(/^4\.(1[2-9]|2[0-2])(\.[0-9]+)?$/, 'a release from "4.12" to "4.22", or a point release')
  .refine((s) => isReleaseRef(s), "a point release Xen tagged (RELEASE-4.x.y)");

/** A C identifier (parameter, field, hypercall and sub-op names). */
export const IdentSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a C identifier");

/** One sentence or more of prose; never empty. */
export const Prose = z.string().trim().min(1, "must not be empty");

export const DirectionSchema = z.enum(["in", "out", "inout", "none"]);

/**
 * What Xen does with the bits of a numeric argument beyond what the C type says:
 * `range-checked`: values outside 32 bits are rejected with -EINVAL; `must-be-zero`: the
 * argument is unused and nonzero is rejected; `full-width`: a deliberate 64-bit value on
 * 64-bit ABIs; `none`: nothing checks it. Full width, truncation and guest handles per mode
 * follow from the type and the mode and are computed.
 */
export const CheckSchema = z.enum(["range-checked", "must-be-zero", "full-width", "none"]);

/** `EINVAL` or `-EINVAL`: an errno name from public/errno.h. */
export const ErrnoSchema = z
  .string()
  .regex(/^-?E[A-Z0-9]+$/, "an errno name such as EINVAL")
  .transform((s) => s.replace(/^-/, ""));

export const ErrorDocSchema = z.strictObject({
  errno: ErrnoSchema,
  when: Prose,
  /** Why no example can trigger it (an allocation failure the model never has). */
  untestable: Prose.optional(),
  /**
   * The machine's check it is (`vcpu_op.register_vcpu_info.registered`): the catalog fills it
   * from `errno: ${<check id>.errno}`, and keeps the error only in releases that make the check.
   */
  check: z.string().optional(),
});

export const StructRefSchema = IdentSchema;

export type ErrorDoc = z.infer<typeof ErrorDocSchema>;
