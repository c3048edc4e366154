/**
 * Structure and meaning of a scenario (spec: "Exit status 2 covers everything that can be known
 * without running"): the top level here; the xen section and domains in validate-config.ts, the
 * steps in validate-steps.ts (memory steps in validate-memory.ts, register values in
 * validate-registers.ts).
 */
import { Checker } from "./check.js";
import type { LoadedDocument } from "./load.js";
import type { Scenario, ScenarioDomain } from "./schema.js";
import type { ScenarioStructs } from "./structs.js";
import { DOMAIN_KEYS, validateDomain, validateXen } from "./validate-config.js";
import { StepValidator } from "./validate-steps.js";

export { modeWithArticle } from "./validate-config.js";

const TOP_KEYS: readonly string[] = ["name", "description", "xen", "domains", "steps"];

export function validateScenario(doc: LoadedDocument, structs: ScenarioStructs): Scenario {
  const c = new Checker(doc);
  const top = c.mapping(doc.value, [], TOP_KEYS, "a scenario");
  const name = top.name === undefined ? undefined : c.string(top.name, ["name"]);
  const description =
    top.description === undefined ? undefined : c.string(top.description, ["description"]);
  const xen = validateXen(c, top.xen);
  /** Live domains while walking the steps. */
  const live = new Map<number, ScenarioDomain>();
  const domains: ScenarioDomain[] = [];
  if (top.domains !== undefined && top.domains !== null) {
    c.list(top.domains, ["domains"]).forEach((d, i) => {
      const path = ["domains", i];
      const dom = validateDomain(
        c,
        c.mapping(d, path, DOMAIN_KEYS, "a domain"),
        path,
        xen.arch,
        live,
      );
      domains.push(dom);
      live.set(dom.id, dom);
    });
  }
  const walk = new StepValidator(c, structs, xen.arch, live);
  const rawSteps = c.list(c.required(top, "steps", [], "a scenario"), ["steps"]);
  const steps = rawSteps.map((s, i) => walk.step(s, i));
  return {
    file: doc.file,
    ...(name !== undefined && { name }),
    ...(description !== undefined && { description }),
    xen,
    domains,
    steps,
  };
}
