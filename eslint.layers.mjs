/**
 * The layering of docs/architecture.md as lint rules, read by eslint.config.mjs and by the test
 * that proves the rules fail a bad import (packages/abi-core/src/layering.test.ts).
 *
 * Inside abi-core: each layer imports only from the layers below it (tests included), so state
 * knows no behaviour, the trap entry sits above the handlers and guest-side code sits on top.
 * Between packages: abi-core <- guidelines <- site, real-xen over abi-core, the CLI a thin
 * shell over all of them; each imports another only through its public entries.
 */

import { readFileSync } from "node:fs";

const SRC = "packages/abi-core/src";

/**
 * abi-core's layers, bottom up; paths relative to packages/abi-core/src. A folder path holds
 * everything under it; `hypercalls/*` is every hypercall's own folder; a file `x.ts` brings its
 * tests `x.test.ts` and `x.*.test.ts` along.
 */
export const ABI_CORE_LAYERS = [
  { name: "the ABI: guest modes, C types, the layout engine", paths: ["abi"] },
  {
    // The state holds the XSM hooks, so machine/ may see xsm/hooks.ts (types only) and nothing
    // else of xsm/; the policies import the state they judge.
    name: "state and XSM: registers, memory, domains, releases, general guest access, XSM",
    paths: ["machine", "xsm"],
  },
  { name: "the hypercall table and struct definitions", paths: ["table"] },
  {
    name: "code hypercalls share: the record type, continuations, arch_set_info_guest",
    paths: [
      "handlers",
      "hypercalls/record.ts",
      "hypercalls/continuation.ts",
      "hypercalls/deprecated.ts",
    ],
  },
  { name: "one folder per hypercall", paths: ["hypercalls/*"] },
  {
    name: "the registry of records and handlers",
    paths: [
      "hypercalls/registry.ts",
      "hypercalls/deprecated-records.ts",
      "hypercalls/check-release-diff.ts",
      "hypercalls/index.ts",
    ],
  },
  { name: "the trap entry and multicall", paths: ["dispatch"] },
  {
    name: "the machine's face (Xen)",
    paths: ["xen.ts", "xen-input.ts"],
  },
  { name: "guest side: the Argo guest library, the scenario runner", paths: ["guest", "scenario"] },
  {
    name: "tools and whole-machine tests (through registers and memory)",
    paths: ["guest-tests", "coverage", "bench", "fuzz"],
  },
  {
    name: "the public entries, and tests of the package as a whole",
    paths: ["index.ts", "node.ts", "exports.test.ts", "package-files.test.ts", "layering.test.ts"],
  },
];

const isFolderGlob = (p) => p.endsWith("/*");

/** The layer (0-based) a file under packages/abi-core/src belongs to, or -1. */
export function layerOf(relPath) {
  const p = relPath.split("\\").join("/");
  const candidates = [p, p.replace(/(\.[a-z-]+)?\.test\.ts$/, ".ts")];
  let found = -1;
  ABI_CORE_LAYERS.forEach((layer, i) => {
    for (const q of layer.paths) {
      const hit = (c) =>
        isFolderGlob(q)
          ? c.startsWith(q.slice(0, -1)) && c.slice(q.length - 1).includes("/")
          : c === q || c.startsWith(`${q}/`);
      if (candidates.some(hit)) found = i;
    }
  });
  return found;
}

const target = (p) =>
  isFolderGlob(p)
    ? [`${SRC}/${p}/**`]
    : p.endsWith(".ts") && !p.endsWith(".test.ts")
      ? [`${SRC}/${p}`, `${SRC}/${p.slice(0, -3)}{.test,.*.test}.ts`]
      : [`${SRC}/${p}`];
const SHARED_FILES = ABI_CORE_LAYERS[3].paths.filter((p) => p.startsWith("hypercalls/"));

function zonesFor(i) {
  const layer = ABI_CORE_LAYERS[i];
  const message = `abi-core layer ${i + 1} (${layer.name}) imports only from the layers below it (docs/architecture.md, "abi-core: the reference machine").`;
  const above = ABI_CORE_LAYERS.slice(i + 1).flatMap((l) => l.paths);
  const from = new Set();
  const zones = [];
  for (const p of above) {
    if (!isFolderGlob(p)) from.add(`${SRC}/${p}`);
    else if (i < 3) from.add(`${SRC}/hypercalls`);
    // Layer 4's own files sit in hypercalls/ too: every other file there is above them.
    else
      zones.push({
        target: layer.paths.flatMap(target),
        from: `${SRC}/hypercalls`,
        except: SHARED_FILES.map((f) => `./${f.slice("hypercalls/".length)}`),
        message,
      });
  }
  // A folder listed below subsumes its files listed higher up (hypercalls/ covers registry.ts).
  const froms = [...from].filter((f) => ![...from].some((g) => g !== f && f.startsWith(`${g}/`)));
  if (froms.length > 0) zones.push({ target: layer.paths.flatMap(target), from: froms, message });
  return zones;
}

export const ABI_CORE_LAYER_ZONES = [
  ...ABI_CORE_LAYERS.flatMap((_, i) => zonesFor(i)),
  {
    target: `${SRC}/machine`,
    from: `${SRC}/xsm`,
    except: ["./hooks.ts"],
    message:
      "machine/ (state) sees only the XSM hook interface (xsm/hooks.ts); the policies sit above it.",
  },
];

/** Each workspace package and what it may import (by package name). */
const PACKAGES = {
  "packages/abi-core": { name: "@xen-abi/abi-core", may: [] },
  "packages/guidelines": { name: "@xen-abi/guidelines", may: ["@xen-abi/abi-core"] },
  "packages/real-xen": { name: "@xen-abi/real-xen", may: ["@xen-abi/abi-core"] },
  "packages/cli": {
    name: "@xen-abi/cli",
    may: ["@xen-abi/abi-core", "@xen-abi/guidelines", "@xen-abi/real-xen"],
  },
  "apps/site": { name: "@xen-abi/site", may: ["@xen-abi/abi-core", "@xen-abi/guidelines"] },
};

const FILES = (dir) => [`${dir}/**/*.{ts,tsx,mts,js,mjs}`];

/**
 * The public entries: each package's package.json `exports` (".", "./node", "./schema/*"), as
 * a regular expression over import specifiers that matches anything else of `@xen-abi/`.
 */
function notAPublicEntry() {
  const entries = Object.entries(PACKAGES).flatMap(([dir, pkg]) => {
    const json = JSON.parse(readFileSync(new URL(`${dir}/package.json`, import.meta.url), "utf8"));
    return Object.keys(json.exports ?? { ".": "" }).map((k) =>
      (pkg.name + k.slice(1)).replace(/[.]/g, "\\.").replace("*", "[^/]+"),
    );
  });
  return `^@xen-abi/(?!(${entries.map((e) => e.slice("@xen-abi/".length)).join("|")})$)`;
}
const NOT_A_PUBLIC_ENTRY = notAPublicEntry();

/**
 * Per package: the packages it must not import, and no deep import of any package's internals
 * (`@xen-abi/abi-core/dist/xen.js`, `@xen-abi/guidelines/src/...`). A relative path into
 * another package's folder is caught by `PACKAGE_ZONES`.
 */
export const PACKAGE_IMPORT_RULES = Object.entries(PACKAGES).map(([dir, pkg]) => {
  const banned = Object.values(PACKAGES)
    .map((p) => p.name)
    .filter((n) => n !== pkg.name && !pkg.may.includes(n));
  return {
    files: FILES(dir),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...(banned.length > 0
              ? [
                  {
                    group: banned.flatMap((n) => [n, `${n}/*`]),
                    message: `${pkg.name} may import only ${pkg.may.join(", ") || "no other workspace package"} (docs/architecture.md).`,
                  },
                ]
              : []),
            {
              regex: NOT_A_PUBLIC_ENTRY,
              message:
                "Import a package only through its public entries (the `exports` of its package.json).",
            },
          ],
        },
      ],
    },
  };
});

/**
 * No file reaches into another package's sources by a relative path. (A package name resolves
 * to the built `dist/`, which the package's `exports` publish.)
 */
export const PACKAGE_ZONES = Object.keys(PACKAGES).map((dir) => ({
  target: dir,
  from: Object.keys(PACKAGES).filter((d) => d !== dir),
  except: ["./dist", "./schema"],
  message: "No package reaches into another's files: import its public entry by package name.",
}));
