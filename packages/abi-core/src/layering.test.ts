/**
 * The layering of docs/architecture.md is enforced by ESLint (eslint.layers.mjs): here the
 * rules lint would-be files whose imports run back up a layer, or into another package, and
 * must fail them, while the same files importing downwards pass.
 */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SRC = fileURLToPath(new URL(".", import.meta.url));

interface Layers {
  ABI_CORE_LAYERS: readonly { name: string; paths: readonly string[] }[];
  layerOf(relPath: string): number;
}

async function layers(): Promise<Layers> {
  return (await import(join(ROOT, "eslint.layers.mjs"))) as Layers;
}

/** The rule ids that fail `code` as if it were the file at `file` (from the repository root). */
async function failures(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return r!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const use = (spec: string) => `import { x } from "${spec}";\nexport const y = x;\n`;

describe("layering lint (eslint.layers.mjs)", () => {
  it.each([
    // A test in the trap entry driving the machine's face: the back-arrow this rule removed.
    ["packages/abi-core/src/dispatch/arm.test.ts", "../xen.js", "layer 7"],
    ["packages/abi-core/src/dispatch/helper.ts", "../guest/argo.js", "layer 7"],
    // A hypercall's test reaching up to the registry or the trap entry.
    ["packages/abi-core/src/hypercalls/argo_op/op.test.ts", "../registry.js", "layer 5"],
    ["packages/abi-core/src/hypercalls/sched_op/x.test.ts", "../../dispatch/arm.js", "layer 5"],
    // State never imports behaviour, and sees only XSM's hook interface.
    ["packages/abi-core/src/machine/state.ts", "../hypercalls/argo_op/ring.js", "layer 2"],
    ["packages/abi-core/src/machine/state.ts", "../xsm/flask.js", "XSM hook interface"],
    ["packages/abi-core/src/abi/layout.ts", "../table/structs.js", "layer 1"],
    ["packages/abi-core/src/hypercalls/record.ts", "./argo_op/record.js", "layer 4"],
    // A file's test sits in the file's layer.
    ["packages/abi-core/src/hypercalls/record.test.ts", "./registry.js", "layer 4"],
    ["packages/abi-core/src/xen.test.ts", "./guest/argo.js", "layer 8"],
    ["packages/abi-core/src/xen.ts", "./scenario/run.js", "layer 8"],
  ])("%s importing %s fails", async (file, spec, why) => {
    const errors = await failures(file, use(spec));
    expect(
      errors.some((e) => e.startsWith("import-x/no-restricted-paths") && e.includes(why)),
    ).toBe(true);
  });

  it.each([
    ["packages/abi-core/src/guest-tests/arm.test.ts", "../xen.js"],
    ["packages/abi-core/src/hypercalls/argo_op/op.test.ts", "../record.js"],
    ["packages/abi-core/src/hypercalls/argo_op/op.test.ts", "../event_channel_op/virq.js"],
    ["packages/abi-core/src/machine/state.ts", "../xsm/hooks.js"],
    ["packages/abi-core/src/dispatch/arm.ts", "../hypercalls/registry.js"],
  ])("%s importing %s passes", async (file, spec) => {
    expect(await failures(file, use(spec))).toEqual([]);
  });

  it.each([
    ["packages/abi-core/src/x.ts", "@xen-abi/guidelines", "no-restricted-imports"],
    ["packages/guidelines/src/x.ts", "@xen-abi/cli", "no-restricted-imports"],
    ["packages/guidelines/src/x.ts", "@xen-abi/abi-core/dist/xen.js", "no-restricted-imports"],
    ["packages/guidelines/src/x.ts", "@xen-abi/abi-core/machine/domain", "no-restricted-imports"],
    ["packages/real-xen/src/x.ts", "@xen-abi/guidelines", "no-restricted-imports"],
    ["apps/site/src/x.ts", "@xen-abi/cli", "no-restricted-imports"],
    ["packages/guidelines/src/x.ts", "../../abi-core/src/xen.js", "import-x/no-restricted-paths"],
    ["packages/cli/src/x.ts", "../../guidelines/src/index.js", "import-x/no-restricted-paths"],
  ])("between packages: %s importing %s fails", async (file, spec, rule) => {
    const errors = await failures(file, use(spec));
    expect(errors.some((e) => e.startsWith(`${rule}:`))).toBe(true);
  });

  it.each([
    ["packages/guidelines/src/x.ts", "@xen-abi/abi-core"],
    ["packages/cli/src/x.ts", "@xen-abi/guidelines/node"],
    ["apps/site/src/x.ts", "@xen-abi/guidelines/views"],
    // abi-core's layers are public entries of their own (package.json exports).
    ["packages/guidelines/src/x.ts", "@xen-abi/abi-core/table"],
    ["packages/real-xen/src/x.ts", "@xen-abi/abi-core/scenario"],
  ])("between packages: %s importing %s passes", async (file, spec) => {
    const errors = await failures(file, use(spec));
    expect(errors.filter((e) => /restricted/.test(e))).toEqual([]);
  });

  it("puts every source file of abi-core in exactly one layer", async () => {
    const { layerOf } = await layers();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? walk(join(dir, e.name))
          : e.name.endsWith(".ts")
            ? [relative(SRC, join(dir, e.name))]
            : [],
      );
    const unplaced = walk(SRC).filter((f) => layerOf(f) < 0);
    expect(unplaced).toEqual([]);
    expect(layerOf("hypercalls/argo_op/ring.ts")).toBe(4);
    expect(layerOf("hypercalls/record.ts")).toBe(3);
    expect(layerOf("hypercalls/registry.ts")).toBe(5);
    expect(layerOf("dispatch/arm.ts")).toBeGreaterThan(layerOf("hypercalls/psci/vsmc.ts"));
    expect(layerOf("guest-tests/psci.test.ts")).toBeGreaterThan(layerOf("xen.ts"));
  });
});
