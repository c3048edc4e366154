/** The schema of data/rules.yaml: each rule's text, with a good and a bad proposal. */
import { z } from "zod";
import { Prose } from "./common.js";

export const RuleDocSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a kebab-case id"),
  title: Prose,
  rationale: Prose,
  /** Where the rule comes from: the thread, a Xen file. */
  source: Prose,
  /** A proposal (YAML) that follows the rule. */
  good: z.string().min(1),
  /** A proposal (YAML) that breaks it. */
  bad: z.string().min(1),
});

export const RulesFileSchema = z.strictObject({ rules: z.array(RuleDocSchema).min(1) });

export type RuleDoc = z.infer<typeof RuleDocSchema>;
