/** Text to a validated scenario (browser-safe; file access is in ./files.ts). */
import { loadDocument } from "./load.js";
import type { Scenario } from "./schema.js";
import { scenarioStructs } from "./struct-codec.js";
import type { ScenarioStructs } from "./structs.js";
import { validateScenario } from "./validate.js";

/** Parse and validate scenario text; `file` names it in errors and picks JSON (`.json`) or YAML. */
export function parseScenario(
  text: string,
  file: string,
  structs: ScenarioStructs = scenarioStructs,
): Scenario {
  return validateScenario(loadDocument(text, file), structs);
}
