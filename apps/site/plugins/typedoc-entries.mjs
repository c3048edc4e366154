/**
 * The public entries of a workspace package, read from its package.json `exports`: TypeDoc's
 * entry points (docusaurus.config.ts) and the name of each module (typedoc-modules.mjs). No
 * TypeDoc import here, so the site's config loads TypeDoc only through its plugins.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The package.json nearest above `file` and its folder, or undefined. */
function packageOf(file) {
  for (let dir = dirname(resolve(file)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return { dir, json: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) };
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

/** The name in the package.json nearest above `file`, or undefined. */
export function packageNameOf(file) {
  return packageOf(file)?.json.name;
}

/**
 * The specifier a reader imports `file` by: the package's name and the key of its `exports`
 * whose built file is `file`'s (src/machine/index.ts -> ./dist/machine/index.js -> `./machine`).
 */
export function specifierOf(file) {
  const pkg = packageOf(file);
  if (pkg === undefined) return undefined;
  const rel = resolve(file)
    .slice(pkg.dir.length + 1)
    .replace(/\\/g, "/");
  const built = `./${rel.replace(/^src\//, "dist/").replace(/\.ts$/, ".js")}`;
  const hit = Object.entries(pkg.json.exports ?? {}).find(
    ([, e]) => (typeof e === "string" ? e : e.import) === built,
  );
  return hit === undefined ? pkg.json.name : `${pkg.json.name}${hit[0].slice(1)}`;
}

/**
 * `abi-core/src` (the entry `packages/abi-core/src/index.ts` named from `packages/`) ->
 * `@xen-abi/abi-core`, `abi-core/src/machine` -> `@xen-abi/abi-core/machine`, `abi-core/src/node`
 * -> `@xen-abi/abi-core/node`: the entry point the module's name is the path of.
 */
export function entryPointName(moduleName, entryPoints) {
  const entry = entryPoints.find((e) =>
    resolve(e)
      .replace(/\\/g, "/")
      .replace(/(\/index)?\.ts$/, "")
      .endsWith(`/${moduleName}`),
  );
  return entry === undefined ? undefined : specifierOf(entry);
}

/**
 * The source file of each entry in the package.json `exports` of `packageDir`, root first:
 * `./machine` (./dist/machine/index.js) -> `<packageDir>/src/machine/index.ts`. TypeDoc's
 * entry points, so the API reference has one module per public entry.
 */
export function entryPointsOf(packageDir, base = ".") {
  // Read from `base` (the config's directory), so loading the config from another working
  // directory (a test run from the repository root) finds the package; paths stay as given.
  const json = JSON.parse(readFileSync(resolve(base, packageDir, "package.json"), "utf8"));
  return Object.values(json.exports ?? {}).map((e) => {
    const built = typeof e === "string" ? e : e.import;
    return join(packageDir, built.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
  });
}
