/**
 * Xen's boot command line, as far as Argo reads it: `custom_param("argo", parse_argo)` in
 * argo.c, with kernel.c's parse_params / parse_bool / parse_boolean rules.
 */

/** kernel.c parse_bool: exact, case-sensitive words; -1 when not a boolean. */
export function parseBool(s: string): number {
  switch (s) {
    case "1":
    case "on":
    case "yes":
    case "true":
    case "enable":
      return 1;
    case "0":
    case "no":
    case "off":
    case "false":
    case "disable":
      return 0;
    default:
      return -1;
  }
}

/**
 * kernel.c parse_boolean(name, s): `name` -> 1, `no-name` -> 0, `name=<bool>` -> the bool,
 * `name=<other>` -> -2, anything else -> -1.
 */
export function parseBoolean(name: string, s: string): number {
  const neg = s.startsWith("no-");
  if (neg) s = s.slice(3);
  if (!s.startsWith(name)) return -1;
  if (s.length === name.length) return neg ? 0 : 1;
  if (neg) return -1;
  if (s[name.length] === "=") {
    const b = parseBool(s.slice(name.length + 1));
    return b >= 0 ? b : -2;
  }
  return -1;
}

export interface ArgoBootOptions {
  /** opt_argo */
  argo: boolean;
  /** opt_argo_mac_permissive */
  argoMacPermissive: boolean;
}

/**
 * argo.c parse_argo on one option value: comma-separated tokens, each a boolean (sets
 * opt_argo) or mac-permissive[=<bool>]. A bad token is -EINVAL for the option but the
 * tokens around it still take effect. Returns whether every token was understood.
 */
export function parseArgoOption(value: string, into: ArgoBootOptions): boolean {
  let ok = true;
  for (const tok of value.split(",")) {
    const b = parseBool(tok);
    if (b >= 0) {
      into.argo = b === 1;
      continue;
    }
    const m = parseBoolean("mac-permissive", tok);
    if (m >= 0) into.argoMacPermissive = m === 1;
    else ok = false;
  }
  return ok;
}

/**
 * The Argo options of a whole Xen command line (kernel.c parse_params): space-separated
 * options; `argo=<list>` runs parse_argo; `no-argo` runs parse_argo("no"); `no-argo=<x>` is
 * rejected without effect; a bare `argo` gives parse_argo("") which sets nothing. Later
 * options override earlier ones; options Xen does not know are ignored.
 */
export function parseArgoCmdline(cmdline: string): ArgoBootOptions {
  const out: ArgoBootOptions = { argo: false, argoMacPermissive: false };
  for (const opt of cmdline.split(" ")) {
    if (opt === "") continue;
    const eq = opt.indexOf("=");
    let key = eq < 0 ? opt : opt.slice(0, eq);
    let value = eq < 0 ? "" : opt.slice(eq + 1);
    const neg = key.startsWith("no-");
    if (neg) key = key.slice(3);
    if (key !== "argo") continue;
    if (neg) {
      if (value !== "") continue;
      value = "no";
    }
    parseArgoOption(value, out);
  }
  return out;
}
