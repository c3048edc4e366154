/**
 * The scenario's `xen` section and its domain configurations (initial `domains` and
 * createDomain steps): defaults filled in, each value checked against what Xen accepts.
 */
import { GUEST_MODES, modeRunsOn, modeWithArticle, XEN_ARCHES } from "../abi/modes.js";
export { modeWithArticle };
import type { XenArch } from "../abi/modes.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { DEFAULT_DOMAIN_MEMORY } from "../machine/domain.js";
import {
  lastOfLine,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  parseRelease,
  lineOfUntagged,
} from "../machine/release.js";
import type { Release } from "../machine/release.js";
import { CONFIG_OPTIONS, type BuildConfig, type ConfigOption } from "../machine/config.js";
import { XSM_MODULES, type XsmModule } from "../xsm/hooks.js";
import { parseXsmCmdline } from "../xsm/index.js";
import { oneOf } from "./check.js";
import type { Checker, Mapping } from "./check.js";
import type { Path } from "./load.js";
import { SCENARIO_MAX_DOMID } from "./schema.js";
import type { ScenarioDomain, ScenarioXen } from "./schema.js";

const XEN_KEYS: readonly string[] = [
  "arch",
  "release",
  "debug",
  "cmdline",
  "aarch32UpperBits",
  "config",
  "xsm",
];
export const DOMAIN_KEYS: readonly string[] = ["id", "mode", "memory", "vcpus", "argo"];

/** Xen's MAX_VIRT_CPUS is per architecture; 128 bounds every modelled one. */
export const MAX_VCPUS = 128;
/** Guest-physical space a scenario may give a domain (48-bit IPA / physical address). */
export const MAX_MEMORY = 2 ** 48;

/** The `xen` section (absent or null: all defaults). */
export function validateXen(c: Checker, v: unknown): ScenarioXen {
  const m: Mapping = v === undefined || v === null ? {} : c.mapping(v, ["xen"], XEN_KEYS, "xen");
  const arch =
    m.arch === undefined ? "arm64" : c.choice(m.arch, ["xen", "arch"], XEN_ARCHES, "arch");
  let release: Release = NEWEST_RELEASE;
  if (m.release !== undefined) {
    if (typeof m.release !== "string")
      c.fail(
        ["xen", "release"],
        `write the release as a string ("4.20"): a YAML number loses trailing zeros`,
      );
    const named = parseRelease(m.release);
    if (named === undefined || m.release.startsWith("RELEASE-")) {
      // A known line with a point release not yet tagged: name the line's tags.
      const given = m.release;
      const line = lineOfUntagged(given);
      c.fail(
        ["xen", "release"],
        line !== undefined
          ? `unknown release '${given}': Xen ${line}'s tags are ${line}.0 to ${lastOfLine(line)}`
          : `unknown release '${given}': Xen's tags ${OLDEST_RELEASE} to ${NEWEST_RELEASE} ` +
              `as "4.16.1", or "4.16" for 4.16.0`,
      );
    }
    release = named;
  }
  const cmdline = m.cmdline === undefined ? "" : c.string(m.cmdline, ["xen", "cmdline"]);
  const xsm = validateXsm(c, m.xsm, cmdline);
  return {
    arch,
    release,
    debug: m.debug === undefined ? false : c.boolean(m.debug, ["xen", "debug"]),
    cmdline,
    aarch32UpperBits:
      m.aarch32UpperBits === undefined
        ? "preserve"
        : c.choice(m.aarch32UpperBits, ["xen", "aarch32UpperBits"], ["zero", "preserve"], "value"),
    config: validateBuildConfig(c, m.config),
    ...(xsm !== undefined && { xsm }),
  };
}

/** `config`: Kconfig options the project models, each true or false. */
function validateBuildConfig(c: Checker, v: unknown): BuildConfig {
  if (v === undefined || v === null) return {};
  const m = c.mapping(v, ["xen", "config"], CONFIG_OPTIONS, "config (a Kconfig option)");
  const out: Partial<Record<ConfigOption, boolean>> = {};
  for (const opt of CONFIG_OPTIONS)
    if (m[opt] !== undefined) out[opt] = c.boolean(m[opt], ["xen", "config", opt]);
  return out;
}

/** `xsm`, and `xsm=` on the command line: the same choice, so two different values are an error. */
function validateXsm(c: Checker, v: unknown, cmdline: string): XsmModule | undefined {
  const fromCmdline = parseXsmCmdline(cmdline);
  if (v === undefined) return fromCmdline;
  const xsm = c.choice(v, ["xen", "xsm"], XSM_MODULES, "xsm module");
  if (fromCmdline !== undefined && fromCmdline !== xsm)
    c.fail(["xen", "xsm"], `xsm: ${xsm} contradicts xsm=${fromCmdline} on the command line`);
  return xsm;
}

/** A domain's configuration at `path`, on `arch` Xen, where the domains in `live` exist. */
export function validateDomain(
  c: Checker,
  m: Mapping,
  path: Path,
  arch: XenArch,
  live: ReadonlyMap<number, ScenarioDomain>,
  xsm?: XsmModule,
): ScenarioDomain {
  const id = c.int(
    c.required(m, "id", path, "a domain"),
    [...path, "id"],
    0,
    SCENARIO_MAX_DOMID,
    "a domid",
  );
  const mode = c.choice(
    c.required(m, "mode", path, "a domain"),
    [...path, "mode"],
    GUEST_MODES,
    "mode",
  );
  if (!modeRunsOn(mode, arch)) {
    const ok = GUEST_MODES.filter((g) => modeRunsOn(g, arch));
    c.fail(
      [...path, "mode"],
      `${modeWithArticle(mode)} domain cannot run on ${arch} Xen (expected ${oneOf(ok)})`,
    );
  }
  let memory = DEFAULT_DOMAIN_MEMORY;
  if (m.memory !== undefined) {
    memory = c.int(m.memory, [...path, "memory"], 0, MAX_MEMORY, "guest memory");
    if (memory === 0 || memory % PAGE_SIZE !== 0)
      c.fail([...path, "memory"], `${m.memory} is not a positive multiple of ${PAGE_SIZE}`);
  }
  const vcpus =
    m.vcpus === undefined ? 1 : c.int(m.vcpus, [...path, "vcpus"], 1, MAX_VCPUS, "a vCPU count");
  const argo = m.argo === undefined ? true : c.boolean(m.argo, [...path, "argo"]);
  // argo: false stands for a FLASK policy without Argo permissions (spec: Domains).
  if (!argo && xsm !== undefined && xsm !== "flask")
    c.fail(
      [...path, "argo"],
      `argo: false needs FLASK (it is a FLASK policy without Argo permissions), but xsm is ${xsm}`,
    );
  if (live.has(id)) c.fail([...path, "id"], `domain ${id} already exists`);
  return { id, mode, memory, vcpus, argo };
}
