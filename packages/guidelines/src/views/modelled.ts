/**
 * What the machine runs of a hypercall, for the index table's "runs on the machine" column:
 * from abi-core's records (a record per modelled hypercall; each sub-op's `modelled` flag).
 */
import { REGISTRY, type Registry } from "@xen-abi/abi-core";
import type { HypercallEntry } from "../catalog/catalog.js";

export type Runs = "yes" | "partly" | "no";

export interface RunsOnMachine {
  readonly runs: Runs;
  /** The document's sub-ops (exact header names), each with whether the machine runs it. */
  readonly subops: readonly { readonly name: string; readonly modelled: boolean }[];
}

export function runsOnMachine(e: HypercallEntry, registry: Registry = REGISTRY): RunsOnMachine {
  const record = registry.record(e.name);
  const subops = (e.doc.subops ?? []).map((s) => ({
    name: s.name,
    modelled: record?.subops.find((r) => r.name === s.name)?.modelled ?? false,
  }));
  if (record === undefined) return { runs: "no", subops };
  const modelled = subops.filter((s) => s.modelled).length;
  const runs: Runs =
    subops.length === 0 || modelled === subops.length ? "yes" : modelled === 0 ? "no" : "partly";
  return { runs, subops };
}
