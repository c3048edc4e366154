/**
 * A proposal for a new hypercall: what `xen-abi propose` scaffolds and `xen-abi lint` checks
 * against the rules. Unlike a hypercall document it states everything itself (there is no
 * abi-core record yet); widths per ABI are computed from the C types and may be stated too.
 */
import { z } from "zod";
import {
  CheckSchema,
  DirectionSchema,
  ErrnoSchema,
  ErrorDocSchema,
  GuestModeSchema,
  IdentSchema,
  Prose,
} from "./common.js";

export const ProposalParamSchema = z.strictObject({
  name: IdentSchema,
  /** As hypercall-defs.c spells it: `unsigned int`, `unsigned long`, `void *`, `xen_foo_t *`. */
  type: z.string().trim().min(1),
  meaning: Prose,
  direction: DirectionSchema.default("in"),
  check: CheckSchema.default("none"),
  /** The width in each ABI, if the author states it; must agree with the type. */
  bits: z.partialRecord(GuestModeSchema, z.union([z.literal(32), z.literal(64)])).optional(),
});

export const ProposalSubopArgSchema = z.strictObject({
  param: IdentSchema,
  type: z.string().min(1).optional(),
  meaning: Prose.optional(),
  /** The sub-op does not use this argument. */
  unused: z.boolean().default(false),
  /** Xen rejects a nonzero unused argument with -EINVAL. */
  checked: z.boolean().default(false),
});

export const ProposalSubopSchema = z.strictObject({
  name: IdentSchema,
  value: z.number().int().nonnegative(),
  summary: Prose,
  args: z.array(ProposalSubopArgSchema).default([]),
  errors: z.array(ErrorDocSchema).default([]),
  /** The work grows with a guest-controlled count (pages, entries, bytes). */
  longRunning: z.boolean().default(false),
  /** The handler preempts itself with hypercall_create_continuation. */
  continuation: z.boolean().default(false),
});

export const ProposalFieldSchema = z.strictObject({
  name: IdentSchema,
  type: z.string().trim().min(1),
  meaning: Prose,
  count: z.number().int().positive().optional(),
  flexible: z.boolean().optional(),
  /** Xen rejects a nonzero value (padding, reserved fields). */
  check: z.enum(["must-be-zero", "none"]).default("none"),
});

export const ProposalStructSchema = z.strictObject({
  name: IdentSchema,
  summary: Prose,
  fields: z.array(ProposalFieldSchema).min(1, "a struct needs at least one field"),
});

export const ProposalFlagsSchema = z.strictObject({
  /** The parameter or `struct.field` carrying the flags. */
  in: z.string().min(1),
  values: z.array(z.strictObject({ name: IdentSchema, value: z.number().int().nonnegative() })),
  /** What Xen does with a bit it does not know. */
  unknown: z.enum(["reject", "ignore"]),
});

export const ProposalSchema = z.strictObject({
  /** Without `__HYPERVISOR_`. */
  name: IdentSchema,
  /** The number asked for (an unused one in public/xen.h). */
  number: z.number().int().min(0).max(63).optional(),
  summary: Prose,
  purpose: Prose.optional(),
  /** Prefix of the sub-op #defines (`XEN_FOO_OP_`). */
  subopPrefix: z.string().optional(),
  params: z.array(ProposalParamSchema),
  subops: z.array(ProposalSubopSchema).default([]),
  structs: z.array(ProposalStructSchema).default([]),
  flags: z.array(ProposalFlagsSchema).default([]),
  unknownSubop: ErrnoSchema.optional(),
  errors: z.array(ErrorDocSchema).default([]),
  /** Guest types that get a handler (hypercall-defs.c columns). */
  guests: z
    .array(z.enum(["pv32", "pv64", "hvm32", "hvm64", "arm"]))
    .default(["pv32", "pv64", "hvm32", "hvm64", "arm"]),
  /** A CONFIG_ option guarding it. */
  config: z
    .string()
    .regex(/^CONFIG_[A-Z0-9_]+$/, "a CONFIG_ name")
    .optional(),
  /** Claims the argument registers survive the call (a rule forbids relying on it). */
  preservesArguments: z.boolean().default(false),
});

export type Proposal = z.infer<typeof ProposalSchema>;
export type ProposalInput = z.input<typeof ProposalSchema>;
export type ProposalParam = z.infer<typeof ProposalParamSchema>;
export type ProposalStruct = z.infer<typeof ProposalStructSchema>;
