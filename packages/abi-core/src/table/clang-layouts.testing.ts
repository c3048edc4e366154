/** clang's struct layouts (test/fixtures/layouts/), for tests that hold the model against them. */
import { readFileSync } from "node:fs";
import { C_TARGETS } from "../abi/ctypes.js";
import type { CTarget } from "../abi/modes.js";
import { findStruct } from "./structs/index.js";

interface Fixture {
  structs: Record<
    string,
    { size: number; fields: { name: string; type: string; offset: number; size: number }[] }
  >;
}

export const FIXTURES = Object.fromEntries(
  C_TARGETS.map((t) => [
    t,
    JSON.parse(
      readFileSync(new URL(`../../test/fixtures/layouts/${t}.json`, import.meta.url), "utf8"),
    ) as Fixture,
  ]),
) as Record<CTarget, Fixture>;

/** The struct a field's type names (the version strings wrap a char array in a struct of their own name). */
export function nestedName(outer: string, type: string): string | undefined {
  const n = findStruct(type)?.name;
  return n === outer ? undefined : n;
}

/** clang's offset and size of a dotted field path, walking nested structs through the fixture. */
export function clangField(target: CTarget, struct: string, path: string) {
  let entry = FIXTURES[target].structs[struct]!;
  let at = 0;
  let size = 0;
  for (const part of path.split(".")) {
    const f = entry.fields.find((x) => x.name === part)!;
    at += f.offset;
    size = f.size;
    entry = FIXTURES[target].structs[nestedName(struct, f.type) ?? struct]!;
  }
  return { at, size };
}
