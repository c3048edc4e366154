/**
 * `xen-abi show NAME [SUBOP]`: a hypercall (by name, alias, `__HYPERVISOR_*` macro, number in
 * decimal or hex, or a sub-op's header name) with its per-mode register table; `--json` gives
 * the export's entry for it.
 */
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import {
  exportHypercall,
  loadCatalog,
  lookupHypercall,
  lookupSubop,
  showHypercall,
  showSubop,
} from "@xen-abi/guidelines";
import { defineCommand } from "../registry.js";
import { readRelease } from "./release-option.js";
import { emit, type CommandOutput } from "./output.js";

export interface ShowOptions {
  readonly release?: string;
  readonly json?: boolean;
}

const usage = (message: string): CommandOutput => ({
  status: 2,
  stdout: "",
  stderr: `xen-abi show: ${message}\n`,
});

export function showCommand(name: string, opts: ShowOptions = {}, subop?: string): CommandOutput {
  const { release, error } = readRelease("show", opts.release);
  if (error !== undefined) return { status: 2, stdout: "", stderr: error };
  const hit = lookupHypercall(loadCatalog(release), name);
  if (!hit.ok) return usage(hit.error);
  const e = hit.value.entry;
  let s = hit.value.subop;
  if (subop !== undefined) {
    const found = lookupSubop(e, subop);
    if (!found.ok) return usage(found.error);
    s = found.value;
  }
  if (opts.json) {
    const doc = exportHypercall(e);
    const json =
      s === undefined ? doc : { ...doc, subop: doc.subops.find((x) => x.name === s.name) };
    return { status: 0, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: "" };
  }
  const text = s === undefined ? showHypercall(e.name, release)! : showSubop(e, s);
  return { status: 0, stdout: text, stderr: "" };
}

defineCommand((program) => {
  program
    .command("show")
    .description(
      "show a hypercall: status, handlers per guest type, per-mode register table, sub-ops, errors",
    )
    .argument(
      "<name>",
      "hypercall name (argo_op), macro (__HYPERVISOR_argo_op), number (39 or 0x27) or sub-op name",
    )
    .argument("[subop]", "one sub-op: its header name, its name without the prefix, or its number")
    .option("--release <release>", "Xen release", NEWEST_RELEASE)
    .option(
      "--json",
      "the hypercall as `xen-abi export` gives it (with `subop` when one is asked for)",
    )
    .action((name: string, subop: string | undefined, opts: ShowOptions) =>
      emit(showCommand(name, opts, subop)),
    );
});
