/**
 * TypeDoc plugin: name each module by the package entry point it documents. TypeDoc names a
 * module by its path from the entry points' common folder (`abi-core/src`); a reader imports
 * `@xen-abi/abi-core`. With typedoc-plugin-markdown's excludeScopesInPaths the pages stay at
 * /api/abi-core and /api/guidelines.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Converter, ReflectionKind } from "typedoc";

/** The name in the package.json nearest above `file`, or undefined. */
export function packageNameOf(file) {
  for (let dir = dirname(resolve(file)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

/**
 * `abi-core/src` (the entry `packages/abi-core/src/index.ts` named from `packages/`) ->
 * `@xen-abi/abi-core`: the entry point whose path ends with the module's name and /index.
 */
export function entryPointName(moduleName, entryPoints) {
  const entry = entryPoints.find((e) =>
    resolve(e).replace(/\\/g, "/").endsWith(`/${moduleName}/index.ts`),
  );
  return entry === undefined ? undefined : packageNameOf(entry);
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const entryPoints = app.options.getValue("entryPoints");
    for (const m of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = entryPointName(m.name, entryPoints);
      if (name) m.name = name;
    }
  });
}
