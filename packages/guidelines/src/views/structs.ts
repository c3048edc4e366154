/** A struct's layout per C target, as the struct tables on hypercall pages show it. */
import { findStruct, toRelease } from "@xen-abi/abi-core";
import { C_TARGETS } from "@xen-abi/abi-core/abi";
import { layoutsByTarget } from "@xen-abi/abi-core/table";
import type { StructInfo } from "./types.js";

/** The layout of struct `name` on every C target, or undefined when abi-core cannot lay it out. */
export function structInfo(name: string): StructInfo | undefined {
  const def = findStruct(name);
  if (!def) return undefined;
  let layouts;
  try {
    layouts = layoutsByTarget(def.name);
  } catch {
    return undefined;
  }
  const targets = C_TARGETS.map((t) => ({
    target: t,
    size: layouts[t].size,
    align: layouts[t].align,
  }));
  const fields = def.fields.map((f) => ({
    name: f.name,
    ctype: f.count ? `${f.ctype}[${f.count}]` : f.flexible ? `${f.ctype}[]` : f.ctype,
    meaning: f.meaning,
    at: Object.fromEntries(
      C_TARGETS.map((t) => {
        const fl = layouts[t].fields.find((x) => x.name === f.name);
        return [t, [fl?.offset ?? 0, fl?.size ?? 0] as const];
      }),
    ),
  }));
  const first = C_TARGETS[0]!;
  const shape = (t: (typeof C_TARGETS)[number]) =>
    JSON.stringify([layouts[t].size, fields.map((f) => f.at[t])]);
  const uniform = C_TARGETS.every((t) => shape(t) === shape(first));
  return {
    name: def.name,
    header: def.header,
    summary: def.summary,
    ...(def.xlat && { xlat: def.xlat }),
    targets,
    fields,
    uniform,
    ...(def.since !== undefined && { since: toRelease(def.since) }),
  };
}
