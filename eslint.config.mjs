import js from "@eslint/js";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import { ABI_CORE_LAYER_ZONES, PACKAGE_IMPORT_RULES, PACKAGE_ZONES } from "./eslint.layers.mjs";

/**
 * abi-core keeps no module-level mutable state: every buffer, counter and table a machine
 * changes hangs off that machine, so two machines never share one (architecture.md, "Hot
 * path"). A lookup built once at load or a memo of a pure function may be exempted with an
 * eslint-disable comment that says why.
 */
const MUTABLE_CTORS =
  "/^(Uint8|Uint16|Uint32|Int8|Int16|Int32|Float32|Float64|BigInt64|BigUint64|Uint8Clamped)Array$|^(DataView|ArrayBuffer|SharedArrayBuffer|Array|Map|Set|WeakMap|WeakSet)$/";
const MODULE_DECL = ":matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration";
const NO_MODULE_STATE = [
  {
    selector: `${MODULE_DECL}[kind!='const']`,
    message: "No module-level let/var in abi-core: keep mutable state on the machine.",
  },
  {
    // A collection typed ReadonlySet/ReadonlyMap is a table built at load: no code can change it.
    selector: `${MODULE_DECL} > VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly/]) > NewExpression.init[callee.name=${MUTABLE_CTORS}]`,
    message:
      "No module-level buffer, array or collection in abi-core: machines would share it. Hang it off the machine (XenState.scratch, DispatchContext).",
  },
  {
    selector: `${MODULE_DECL} > VariableDeclarator[id.typeAnnotation=undefined] > ArrayExpression.init`,
    message: "A module-level array must be readonly (`readonly T[]` or `as const`).",
  },
  {
    selector: `${MODULE_DECL} > VariableDeclarator[id.typeAnnotation.typeAnnotation.type='TSArrayType']`,
    message: "A module-level array must be readonly (`readonly T[]`).",
  },
];

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/.turbo/**",
      "**/build/**",
      "**/.docusaurus/**",
      "apps/site/docs/api/**",
      ".stryker-tmp/**",
      "reports/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: "readonly", process: "readonly", URL: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["packages/abi-core/src/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.testing.ts", "**/test-helpers.ts"],
    rules: { "no-restricted-syntax": ["error", ...NO_MODULE_STATE] },
  },
  // Layering (docs/architecture.md): inside abi-core each layer imports only from the layers
  // below it, tests included; between packages each imports only the public entries of the
  // packages below it. The resolver maps the sources' `./x.js` specifiers to `x.ts`.
  {
    files: ["packages/**/*.{ts,tsx,mts,js,mjs}", "apps/**/*.{ts,tsx,mts,js,mjs}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [
        createNodeResolver({ extensionAlias: { ".js": [".ts", ".tsx", ".js"] } }),
      ],
    },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        { basePath: import.meta.dirname, zones: [...ABI_CORE_LAYER_ZONES, ...PACKAGE_ZONES] },
      ],
    },
  },
  ...PACKAGE_IMPORT_RULES,
);
