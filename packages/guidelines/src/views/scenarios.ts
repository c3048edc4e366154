/** Example scenarios as the site lists them: parsed once, with the hypercall numbers each issues. */
import { MODE_INFO, parseScenario } from "@xen-abi/abi-core";
import type { ScenarioSource } from "./types.js";

/** A scenario with the hypercall numbers it issues (by the mode's number register). */
export interface ScenarioWithCalls extends ScenarioSource {
  readonly numbers: readonly number[];
}

/** The playground's starting points, by file name: Argo round trip, stale top half, debug poisoning. */
const STARTERS: readonly RegExp[] = [/^argo.*\.ya?ml$/, /upper-bits-4\.16/, /debug-poison-arm64/];

function hypercallNumbers(text: string, file: string): number[] {
  const out = new Set<number>();
  const sc = parseScenario(text, file);
  const modeOf = new Map(sc.domains.map((d) => [d.id, d.mode]));
  for (const s of sc.steps) {
    if (s.op === "createDomain") modeOf.set(s.config.id, s.config.mode);
    if (s.op !== "hypercall") continue;
    const mode = modeOf.get(s.domain);
    const reg = mode && s.regs.find((r) => r.name === MODE_INFO[mode].numberReg);
    if (reg) out.add(Number(reg.value));
  }
  return [...out];
}

/**
 * Scenario files (name -> text), sorted by name. A file that does not parse is reported through
 * `skip` and left out: a colleague's half-written scenario must not fail the site's build.
 */
export function scenarioSources(
  files: Readonly<Record<string, string>>,
  skip: (file: string, why: string) => void = () => {},
): ScenarioWithCalls[] {
  const out: ScenarioWithCalls[] = [];
  for (const file of Object.keys(files).sort()) {
    const text = files[file]!;
    try {
      const name = parseScenario(text, file).name ?? file;
      out.push({ file, name, text, starter: false, numbers: hypercallNumbers(text, file) });
    } catch (e) {
      skip(file, (e as Error).message);
    }
  }
  return out.map((s) =>
    STARTERS.some((re) => out.find((o) => re.test(o.file)) === s) ? { ...s, starter: true } : s,
  );
}
