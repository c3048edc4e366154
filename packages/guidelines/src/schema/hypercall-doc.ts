/**
 * The schema of one `data/hypercalls/<name>.yaml` file: only what abi-core does not know.
 * Numbers, prototypes, availability, argument counts, registers, widths and struct layouts
 * come from abi-core; a file may repeat `number` or a parameter's `type` for readability, and
 * the catalog test fails when such a repeat disagrees with abi-core.
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
  ReleaseSchema,
  StructRefSchema,
} from "./common.js";

export const ParamDocSchema = z.strictObject({
  name: IdentSchema,
  /** Optional repeat of the prototype's C type; must match abi-core. */
  type: z.string().optional(),
  meaning: Prose,
  direction: DirectionSchema,
  check: CheckSchema.default("none"),
  /** What Xen does with the bits, where the computed description is not the whole story. */
  handling: Prose.optional(),
  /** Per-mode notes (the aarch32-on-arm64 upper half, compat translation). */
  modes: z.partialRecord(GuestModeSchema, Prose).optional(),
  callerMust: Prose.optional(),
});

export const SubopArgSchema = z.strictObject({
  /** The hypercall parameter that carries it (`arg1`). */
  param: IdentSchema,
  /** What the sub-op expects there, as the public header describes it. */
  type: z.string().min(1),
  meaning: Prose,
});

export const SubopSchema = z.strictObject({
  name: IdentSchema,
  value: z.number().int().nonnegative(),
  summary: Prose.optional(),
  args: z.array(SubopArgSchema).optional(),
  structs: z.array(StructRefSchema).optional(),
  /** In the order Xen checks them. */
  errors: z.array(ErrorDocSchema).optional(),
  since: ReleaseSchema.optional(),
});

export const TsExampleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a kebab-case id"),
  title: Prose,
  kind: z.literal("typescript"),
  /**
   * An async function body receiving `abi` (the @xen-abi/abi-core module); what it returns
   * must deep-equal `expect` (numbers, strings, arrays, plain objects).
   */
  code: z.string().min(1),
  expect: z.unknown(),
});

export const ScenarioExampleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a kebab-case id"),
  title: Prose,
  kind: z.literal("scenario"),
  /** Relative to the repository root (`examples/scenarios/console-io.yaml`). */
  path: z
    .string()
    .regex(
      /^examples\/scenarios\/[A-Za-z0-9._-]+\.(ya?ml|json)$/,
      "a path under examples/scenarios/",
    ),
});

export const ExampleSchema = z.discriminatedUnion("kind", [TsExampleSchema, ScenarioExampleSchema]);

export const ReleaseNoteSchema = z.strictObject({
  release: ReleaseSchema,
  change: Prose,
});

export const QuirkSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a kebab-case id"),
  title: Prose,
  detail: Prose,
});

export const HypercallDocSchema = z.strictObject({
  name: IdentSchema,
  /** Optional repeat of the number; must match abi-core. */
  number: z.number().int().nonnegative().optional(),
  /** What it is for, beyond abi-core's one-line summary. */
  purpose: Prose,
  params: z.array(ParamDocSchema),
  /** Name of the #define family of sub-ops (`XEN_ARGO_OP_`), when the hypercall has them. */
  subopPrefix: z.string().optional(),
  subops: z.array(SubopSchema).optional(),
  /** What an unknown sub-op returns (the rules ask for EOPNOTSUPP). */
  unknownSubop: ErrnoSchema.optional(),
  /** Errors of the hypercall as a whole, in the order Xen checks them. */
  errors: z.array(ErrorDocSchema).default([]),
  structs: z.array(StructRefSchema).default([]),
  examples: z.array(ExampleSchema).default([]),
  releases: z.array(ReleaseNoteSchema).default([]),
  quirks: z.array(QuirkSchema).default([]),
  /** Why this legacy hypercall breaks a rule, by rule id. */
  conformance: z.record(z.string(), Prose).default({}),
});

export type HypercallDoc = z.infer<typeof HypercallDocSchema>;
export type ParamDoc = z.infer<typeof ParamDocSchema>;
export type SubopDoc = z.infer<typeof SubopSchema>;
export type ExampleDoc = z.infer<typeof ExampleSchema>;
export type TsExampleDoc = z.infer<typeof TsExampleSchema>;
export type QuirkDoc = z.infer<typeof QuirkSchema>;
