/** The shipped catalog: the bundled data files joined with abi-core, built once per release. */
import { NEWEST_RELEASE, isRelease, type Release } from "@xen-abi/abi-core";
import { DATA_FILES } from "../generated/data.js";
import { buildCatalog, type Catalog } from "./catalog.js";

/** The bundled hypercall documents, by file path. */
export function hypercallSources(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DATA_FILES).filter(([f]) => f.startsWith("data/hypercalls/")),
  );
}

const cache = new Map<Release, Catalog>();

/** Every hypercall document merged with abi-core's facts for a release (default: newest). */
export function loadCatalog(release: Release = NEWEST_RELEASE): Catalog {
  if (!isRelease(release)) throw new Error(`unknown release '${String(release)}'`);
  let c = cache.get(release);
  if (!c) cache.set(release, (c = buildCatalog(hypercallSources(), release)));
  return c;
}
