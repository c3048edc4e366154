/**
 * The schemas as JSON Schema (draft 2020-12), for editors: the YAML files name them in a
 * `# yaml-language-server: $schema=` line. `schema/*.schema.json` are written from these at
 * build; a test fails when they are stale.
 */
import { z } from "zod";
import { HypercallDocSchema } from "./hypercall-doc.js";
import { ProposalSchema } from "./proposal.js";
import { RulesFileSchema } from "./rules-doc.js";

function toJson(schema: z.ZodType, title: string): Record<string, unknown> {
  // "input": what a person writes (defaults make keys optional).
  return { title, ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) };
}

/** File name -> JSON Schema. */
export const JSON_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = {
  "hypercall.schema.json": toJson(HypercallDocSchema, "xen-abi hypercall document"),
  "proposal.schema.json": toJson(ProposalSchema, "xen-abi hypercall proposal"),
  "rules.schema.json": toJson(RulesFileSchema, "xen-abi rules for new hypercalls"),
};
