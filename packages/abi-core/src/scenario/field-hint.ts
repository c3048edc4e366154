/**
 * What a scenario error names after a struct field that does not exist: the struct's fields,
 * arrays folded to one entry each (`ctrlreg[0-7]`, `trap_ctxt[0-255].vector`), so the message
 * stays one readable line even for vcpu_guest_context_t's two thousand leaves. A long list
 * gives way to the nearest names and the struct's top level; an index past an array's end
 * names the array's range. After a struct name that does not exist: the nearest known names.
 */
import { nearestNames as nearest } from "./nearest.js";

/** `trap_ctxt[12].cs` -> `trap_ctxt[].cs`. */
const pattern = (name: string): string => name.replace(/\[\d+\]/g, "[]");

/** Past this many folded fields, the hint gives the nearest names and the top level instead. */
const MAX_LISTED = 16;

/** Each field pattern in first-seen order, with every index position's lowest and highest. */
function fold(fields: Iterable<string>): Map<string, [number, number][]> {
  const groups = new Map<string, [number, number][]>();
  for (const f of fields) {
    const idx = [...f.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const p = pattern(f);
    const ranges = groups.get(p);
    if (ranges === undefined)
      groups.set(
        p,
        idx.map((i) => [i, i]),
      );
    else
      idx.forEach((i, k) => {
        const r = ranges[k]!;
        r[0] = Math.min(r[0], i);
        r[1] = Math.max(r[1], i);
      });
  }
  return groups;
}

/** `trap_ctxt[].cs` with its ranges -> `trap_ctxt[0-255].cs`. */
function shown(p: string, ranges: readonly [number, number][]): string {
  let k = 0;
  return p.replace(/\[\]/g, () => {
    const [lo, hi] = ranges[k++]!;
    return lo === hi ? `[${lo}]` : `[${lo}-${hi}]`;
  });
}

/** The hint after "<struct> has no field <name>" for a struct whose fields are `fields`. */
export function fieldHint(name: string, fields: Iterable<string>): string {
  const groups = fold(fields);
  const mine = groups.get(pattern(name));
  if (mine !== undefined && mine.length > 0) return `its indices are ${shown(pattern(name), mine)}`;
  const all = [...groups].map(([p, r]) => shown(p, r));
  if (all.length <= MAX_LISTED) return all.join(", ");
  const near = nearest(pattern(name), groups.keys()).map((p) => shown(p, groups.get(p)!));
  const top = [...new Set([...groups.keys()].map((p) => p.split(/[.[]/)[0]!))];
  const mean = near.length > 0 ? `did you mean ${near.slice(0, 3).join(", ")}? ` : "";
  return `${mean}${all.length} fields, under ${top.join(", ")}`;
}

/**
 * What follows `unknown struct "<name>"`: ` (did you mean a, b?)` with up to three of the
 * nearest of `names`, or nothing when none is near.
 */
export function structHint(name: string, names: Iterable<string>): string {
  const near = nearest(name, names).slice(0, 3);
  return near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : "";
}
