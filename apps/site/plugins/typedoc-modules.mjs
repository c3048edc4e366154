/**
 * TypeDoc plugin: name each module by the package entry point it documents. TypeDoc names a
 * module by its path from the entry points' common folder (`abi-core/src/machine`); a reader
 * imports `@xen-abi/abi-core/machine`, the key of package.json `exports` built from that file.
 * With typedoc-plugin-markdown's excludeScopesInPaths the pages sit at /api/abi-core,
 * /api/abi-core/machine, ... and /api/guidelines.
 */
import { Converter, ReflectionKind } from "typedoc";
import { entryPointName } from "./typedoc-entries.mjs";

export { entryPointName, entryPointsOf, packageNameOf, specifierOf } from "./typedoc-entries.mjs";

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const entryPoints = app.options.getValue("entryPoints");
    for (const m of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = entryPointName(m.name, entryPoints);
      if (name) m.name = name;
    }
  });
}
