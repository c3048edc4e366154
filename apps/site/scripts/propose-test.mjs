/* global document -- the DOM inside page callbacks */
/**
 * The proposal form, end to end in the browser (issue 14 item 3): fill in every part the
 * linter checks, see each finding inline under the field that causes it as you type, fix it,
 * reload the form from its URL, and run `xen-abi lint` on the YAML it emits. The header
 * snippet must define prefixed sub-op names and the hypercall-defs.c lines must be in Xen's
 * syntax. Also at the phone width: the filled form must not scroll sideways.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SITE } from "./harness.mjs";

const CLI = join(SITE, "..", "..", "packages", "cli", "dist", "bin.js");
const READY = "form[data-proposal-state]:not([data-proposal-state='loading'])";

/** `xen-abi lint` on a YAML text: its exit status and output. */
function cliLint(text) {
  const dir = mkdtempSync(join(tmpdir(), "xen-abi-propose-"));
  try {
    const file = join(dir, "proposal.yaml");
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, [CLI, "lint", file], { encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function proposeEndToEnd(open, origin) {
  const { page, problems } = await open();
  const field = (label) => page.getByLabel(label, { exact: true });
  const button = (name) => page.getByRole("button", { name, exact: true });
  const inline = (slot, rule) => `[data-slot="${slot}"] [data-inline-lint="${rule}"]`;
  /** Do `act`, then expect rule's finding inline at slot; `fix`, then expect it gone. */
  async function breakAndFix(what, slot, rule, act, fix) {
    await act();
    try {
      await page.waitForSelector(inline(slot, rule), { timeout: 5000 });
    } catch {
      const got = await page.$$eval("[data-slot]", (els) =>
        els.map((e) => `${e.getAttribute("data-slot")}: ${e.textContent}`),
      );
      problems.push(`${what}: no inline ${rule} at ${slot}; inline: ${JSON.stringify(got)}`);
    }
    await fix();
    try {
      await page.waitForSelector(inline(slot, rule), { state: "detached", timeout: 5000 });
    } catch {
      problems.push(`${what}: ${rule} still shown at ${slot} after the fix`);
    }
  }

  try {
    await page.goto(`${origin}/propose`);
    await page.waitForSelector(READY, { timeout: 20000 });
    if ((await page.getAttribute("form", "data-proposal-state")) !== "clean")
      problems.push("the starting proposal does not lint clean");

    // The hypercall: a new name, so the convention's sub-op prefix follows it.
    await field("name").fill("widget_op");
    await field("summary").fill("Manage a domain's widgets.");
    await field("number (optional)").fill("");
    // The rule that the sub-op comes first as unsigned int cmd, inline under the type.
    await breakAndFix(
      "cmd type",
      "params.0.type",
      "cmd-first",
      () => field("param 1 type").fill("unsigned long"),
      () => field("param 1 type").fill("unsigned int"),
    );
    // The unknown-sub-op result and the hypercall's errors are fields of their own.
    await breakAndFix(
      "unknown sub-op result",
      "unknownSubop",
      "unknown-subop-eopnotsupp",
      () => field("unknown sub-op returns").fill("ENOSYS"),
      () => field("unknown sub-op returns").fill("EOPNOTSUPP"),
    );
    await breakAndFix(
      "hypercall errors",
      "errors",
      "errors-documented",
      () => field("hypercall error 1 errno").fill("EWIDGET"),
      () => field("hypercall error 1 errno").fill("EOPNOTSUPP"),
    );

    // A second sub-op, `unregister`, which leaves arg unused: Xen must check it is zero.
    await button("add sub-op").click();
    await field("sub-op 2 name").fill("unregister");
    await field("sub-op 2 summary").fill("Unregister one widget.");
    await breakAndFix(
      "unused argument",
      "subops.1.args.0",
      "zero-checked",
      () => field("sub-op 2 arg").selectOption("unused"),
      () => field("sub-op 2 arg").selectOption("unused-checked"),
    );
    await breakAndFix(
      "duplicate sub-op number",
      "subops.1.value",
      "duplicate-subop",
      () => field("sub-op 2 value").fill("1"),
      () => field("sub-op 2 value").fill("2"),
    );
    await breakAndFix(
      "sub-op errors",
      "subops.1.errors",
      "errors-documented",
      () => button("remove sub-op 2 error 1").click(),
      async () => {
        await button("add sub-op 2 error").click();
        await field("sub-op 2 error 1 errno").fill("ENOENT");
        await field("sub-op 2 error 1 when").fill("No widget is registered under that id.");
      },
    );
    await field("sub-op 1 arg meaning").fill("Guest handle of a xen_widget_t.");

    // A struct with a reserved field: Xen must reject nonzero.
    await button("add struct").click();
    await field("struct 1 name").fill("xen_widget_t");
    await field("struct 1 field 1 name").fill("id");
    await button("add field to struct 1").click();
    await field("struct 1 field 2 name").fill("pad");
    await breakAndFix(
      "padding",
      "structs.0.fields.1.check",
      "zero-checked",
      async () => {},
      () => field("struct 1 field 2 must be zero (checked)").check(),
    );

    // A flags argument: which bits exist, unknown ones rejected, -EINVAL documented.
    await button("add parameter").click();
    await field("param 3 name").fill("flags");
    await breakAndFix(
      "flags",
      "params.2",
      "reject-unknown-flags",
      async () => {},
      async () => {
        await button("add flags").click();
        await button("add flag value").click();
      },
    );
    await field("flags 1 value 1 name").fill("XEN_WIDGET_FLAG_force");
    await breakAndFix(
      "flags errno",
      "errors",
      "reject-unknown-flags",
      async () => {},
      async () => {
        await button("add hypercall error").click();
        await field("hypercall error 2 errno").fill("EINVAL");
        await field("hypercall error 2 when").fill("flags has a bit other than FORCE.");
      },
    );
    await field("CONFIG_ option (optional)").fill("CONFIG_WIDGET");
    await field("guest pv32").uncheck();

    await page
      .waitForSelector("form[data-proposal-state='clean']", { timeout: 5000 })
      .catch(() => problems.push("the filled form does not lint clean"));
    const yaml = (await page.textContent("[data-proposal-yaml]")) ?? "";
    const header = (await page.textContent("[data-proposal-header]")) ?? "";
    const defs = (await page.textContent("[data-proposal-defs]")) ?? "";

    // Everything the form collected is in the YAML, and `xen-abi lint` passes it.
    for (const want of [
      "unknownSubop: EOPNOTSUPP",
      "name: XEN_WIDGET_OP_unregister",
      "checked: true",
      "check: must-be-zero",
      "unknown: reject",
      "config: CONFIG_WIDGET",
    ])
      if (!yaml.includes(want)) problems.push(`YAML lacks "${want}"`);
    const lint = cliLint(yaml);
    if (lint.status !== 0) problems.push(`xen-abi lint exit ${lint.status}: ${lint.output}`);

    for (const want of [
      "#define XEN_WIDGET_OP_register 1\n",
      "#define XEN_WIDGET_OP_unregister 2\n",
    ])
      if (!header.includes(want)) problems.push(`header lacks ${JSON.stringify(want)}`);
    if (/#define (register|unregister)\b/.test(header))
      problems.push("header defines a bare sub-op name");
    const wantDefs = [
      "prefix: do",
      "#ifdef CONFIG_WIDGET",
      "widget_op(unsigned int cmd, void *arg, unsigned long flags)",
      "#endif",
      "",
      "table:                             pv32     pv64     hvm32    hvm64    arm",
      "#ifdef CONFIG_WIDGET",
      "widget_op                          -        do       do       do       do",
      "#endif",
    ].join("\n");
    if (defs.trim() !== wantDefs) problems.push(`hypercall-defs.c lines:\n${defs}`);

    // The URL holds the state: a fresh page on it shows the same proposal.
    const url = page.url();
    if (!url.includes("#p=")) problems.push(`no state in the URL: ${url}`);
    const second = await open();
    await second.page.goto(url);
    await second.page.waitForSelector(READY, { timeout: 20000 });
    const again = (await second.page.textContent("[data-proposal-yaml]")) ?? "";
    if (again !== yaml) problems.push("the form's URL does not reopen the same proposal");
    problems.push(...second.problems);
    await second.page.close();

    // The filled form stays usable on a phone: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 900 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) problems.push(`filled form scrolls sideways at 390 px: ${width} px`);
  } catch (e) {
    problems.push(String(e.message ?? e).split("\n")[0]);
  }
  await page.close();
  return problems;
}
