/** `--release R` for every command: a tag's name ("4.16.1"), or a line ("4.16" is 4.16.0). */
import { NEWEST_RELEASE, OLDEST_RELEASE, parseRelease, type Release } from "@xen-abi/abi-core";

/** The release `value` names, or the one-line error a command prints (exit 2). */
export function readRelease(
  command: string,
  value: string | undefined,
): { release: Release; error?: undefined } | { release?: undefined; error: string } {
  if (value === undefined) return { release: NEWEST_RELEASE };
  const release = parseRelease(value);
  if (release !== undefined) return { release };
  return {
    error:
      `xen-abi ${command}: unknown release '${value}' ` +
      `(Xen's tags ${OLDEST_RELEASE} to ${NEWEST_RELEASE}, as "4.16.1"; "4.16" is 4.16.0)\n`,
  };
}
