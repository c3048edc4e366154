/** `--release R` for every command: a tag's name ("4.16.1"), or a line ("4.16" is 4.16.0). */
import { NEWEST_RELEASE, type Release } from "@xen-abi/abi-core";
import { lookupRelease } from "@xen-abi/guidelines";

/** The release `value` names, or the one-line error a command prints (exit 2). */
export function readRelease(
  command: string,
  value: string | undefined,
): { release: Release; error?: undefined } | { release?: undefined; error: string } {
  if (value === undefined) return { release: NEWEST_RELEASE };
  // One lookup for the CLI and the library: the nearest releases, then every modelled one.
  const r = lookupRelease(value);
  return r.ok ? { release: r.value } : { error: `xen-abi ${command}: ${r.error}\n` };
}
