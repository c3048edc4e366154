/** The shipped catalog: the bundled data files joined with abi-core, built once per release. */
import { NEWEST_RELEASE, parseRelease, type Release, type ReleaseRef } from "@xen-abi/abi-core";
import { DATA_FILES } from "../generated/data.js";
import { buildCatalog, type Catalog } from "./catalog.js";

/** The bundled hypercall documents, by file path. */
export function hypercallSources(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DATA_FILES).filter(([f]) => f.startsWith("data/hypercalls/")),
  );
}

const cache = new Map<Release, Catalog>();

/**
 * Every hypercall document merged with abi-core's facts for a release (default: newest; a
 * line such as "4.16" is its 4.16.0).
 */
export function loadCatalog(ref: ReleaseRef = NEWEST_RELEASE): Catalog {
  const release = parseRelease(ref);
  if (release === undefined) throw new Error(`unknown release '${String(ref)}'`);
  let c = cache.get(release);
  if (!c) cache.set(release, (c = buildCatalog(hypercallSources(), release)));
  return c;
}
