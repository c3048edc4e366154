import { describe, expect, it } from "vitest";
import { HYPERCALLS, REGISTRY } from "@xen-abi/abi-core";
import { buildCatalog } from "./catalog.js";
import { hypercallSources, loadCatalog } from "./load.js";
import { formatMessage } from "../lint/message.js";

describe("catalog", () => {
  it("every shipped document agrees with abi-core", () => {
    expect(loadCatalog().messages.map(formatMessage)).toEqual([]);
  });

  it("has one document per hypercall in abi-core's table, and no other", () => {
    const files = Object.keys(hypercallSources()).map((f) =>
      f.replace(/^data\/hypercalls\/|\.yaml$/g, ""),
    );
    expect(files.sort()).toEqual(HYPERCALLS.map((h) => h.name).sort());
    expect(loadCatalog().entries).toHaveLength(HYPERCALLS.length);
  });

  it("reports a hypercall without a document", () => {
    const sources = hypercallSources();
    delete sources["data/hypercalls/vm_assist.yaml"];
    const msgs = buildCatalog(sources).messages;
    expect(msgs.map((m) => m.ruleId)).toEqual(["missing-doc"]);
    expect(msgs[0]!.message).toContain("vm_assist (21)");
  });

  it("reports a number that disagrees with abi-core", () => {
    const sources = hypercallSources();
    sources["data/hypercalls/argo_op.yaml"] = sources["data/hypercalls/argo_op.yaml"]!.replace(
      "number: ${argo_op.number}",
      "number: 40",
    );
    const msgs = buildCatalog(sources).messages.map(formatMessage);
    expect(msgs).toEqual([
      "data/hypercalls/argo_op.yaml:6:9: number 40 disagrees with abi-core: __HYPERVISOR_argo_op is 39 [fact-mismatch]",
    ]);
  });

  it("reports a must-be-zero parameter that a sub-op passes a value in", () => {
    // check: must-be-zero says the argument is unused: argo_op's arg2 carries the gfn array of
    // register_ring and the iovs of sendv, and only unregister_ring and notify want it NULL.
    const sources = hypercallSources();
    sources["data/hypercalls/argo_op.yaml"] = sources["data/hypercalls/argo_op.yaml"]!.replace(
      "check: range-checked",
      "check: must-be-zero",
    );
    const msgs = buildCatalog(sources).messages.map(formatMessage);
    expect(msgs).toEqual([
      expect.stringMatching(
        /^data\/hypercalls\/argo_op\.yaml:\d+:\d+: arg3 is check: must-be-zero \(unused\), but XEN_ARGO_OP_register_ring passes unsigned long in it \[fact-mismatch\]$/,
      ),
      expect.stringContaining("but XEN_ARGO_OP_sendv passes unsigned long in it"),
    ]);
  });

  it("resolves argo_op's placeholders from its record, and fails on an unknown one", () => {
    const doc = loadCatalog().byName("argo_op")!.doc;
    expect(doc.number).toBe(39);
    expect(doc.unknownSubop).toBe("EOPNOTSUPP");
    expect(doc.subops!.map((s) => [s.name, s.value])).toEqual([
      ["XEN_ARGO_OP_register_ring", 1],
      ["XEN_ARGO_OP_unregister_ring", 2],
      ["XEN_ARGO_OP_sendv", 3],
      ["XEN_ARGO_OP_notify", 4],
    ]);
    expect(doc.subops![0]!.errors!.slice(0, 3).map((e) => e.errno)).toEqual([
      "EINVAL",
      "EFAULT",
      "EINVAL",
    ]);
    const sources = hypercallSources();
    sources["data/hypercalls/argo_op.yaml"] = sources["data/hypercalls/argo_op.yaml"]!.replace(
      "${argo_op.notify.nent_max.errno}",
      "${argo_op.notify.nent_maximum.errno}",
    );
    const c = buildCatalog(sources);
    expect(c.messages.map(formatMessage)).toEqual([
      expect.stringMatching(
        /^data\/hypercalls\/argo_op\.yaml:\d+:\d+: unknown placeholder '\$\{argo_op\.notify\.nent_maximum\.errno\}'.*\[unknown-placeholder\]$/,
      ),
    ]);
    expect(c.byName("argo_op")).toBeUndefined();
  });

  it("checks every documented sub-op against its record (name and number), both ways", () => {
    const catalog = loadCatalog();
    let checked = 0;
    for (const e of catalog.entries) {
      const record = REGISTRY.record(e.name);
      if (record === undefined || record.subops.length === 0) continue;
      const documented = (e.doc.subops ?? []).map((s) => [s.name, s.value]);
      expect(documented, e.name).toEqual(
        expect.arrayContaining(record.subops.map((s) => [s.name, s.number])),
      );
      expect(documented).toHaveLength(record.subops.length);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("reports a sub-op's linked errors out of its record's check order", () => {
    // domain_watchdog checks id's range, then id 0 (no free timer), then a timer not in use.
    const f = "data/hypercalls/sched_op.yaml";
    const errorOf = (text: string, id: string) =>
      text.match(
        new RegExp(
          `      - errno: \\$\\{sched_op\\.watchdog\\.${id}\\.errno\\}\n        when: .*\n`,
        ),
      )![0];
    const sources = hypercallSources();
    const free = errorOf(sources[f]!, "no_free_timer");
    const notSet = errorOf(sources[f]!, "id_not_set");
    sources[f] = sources[f]!.replace(free + notSet, notSet + free);
    expect(buildCatalog(sources).messages.map(formatMessage)).toEqual([
      expect.stringMatching(
        /^data\/hypercalls\/sched_op\.yaml:\d+:\d+: SCHEDOP_watchdog's errors are not in the record's check order: sched_op\.watchdog\.no_free_timer is checked before sched_op\.watchdog\.id_not_set \[fact-mismatch\]$/,
      ),
    ]);
    // An error that names no check may sit anywhere: only linked errors are compared.
    const unlinked = hypercallSources();
    unlinked[f] = unlinked[f]!.replace(
      free + notSet,
      notSet.replace(/\$\{[^}]+\}/, "EINVAL") + free,
    );
    expect(buildCatalog(unlinked).messages).toEqual([]);
  });

  it("compares only checks one release makes: register_vcpu_info's -EINVAL became -ENXIO", () => {
    // The document lists crosses_page (-ENXIO, 4.16+) before crosses_page_einval (to 4.15),
    // which the record has first: alternatives, not steps, so that is no mismatch.
    const text = hypercallSources()["data/hypercalls/vcpu_op.yaml"]!;
    const at = (id: string) => text.indexOf(`\${vcpu_op.register_vcpu_info.${id}.errno}`);
    expect(at("crosses_page")).toBeGreaterThan(0);
    expect(at("crosses_page")).toBeLessThan(at("crosses_page_einval"));
    const vcpu = loadCatalog().messages.filter((m) => m.file.endsWith("vcpu_op.yaml"));
    expect(vcpu).toEqual([]);
  });

  it("merges facts: argo_op's arguments per mode", () => {
    const argo = loadCatalog().byName("argo_op")!;
    expect(argo.availability).toEqual({
      pv32: "compat",
      pv64: "do",
      hvm32: "compat",
      hvm64: "do",
      arm: "do",
    });
    expect(argo.params.map((p) => p.name)).toEqual(["cmd", "arg1", "arg2", "arg3", "arg4"]);
    const cmd = argo.params[0]!.perMode;
    expect([cmd.aarch64.handling, cmd.pv32.handling, cmd.aarch32.handling]).toEqual([
      "truncated",
      "full",
      "truncated",
    ]);
    const arg3 = argo.params[3]!.perMode;
    expect([arg3.aarch64.register, arg3.aarch64.bits, arg3.aarch64.handling]).toEqual([
      "x3",
      64,
      "range-checked",
    ]);
    expect([arg3.aarch32.register, arg3.aarch32.bits, arg3.aarch32.xenBits]).toEqual([
      "r3",
      32,
      64,
    ]);
    expect(arg3.aarch32.summary).toContain("4.17");
    expect(argo.params[1]!.perMode.pv32.handling).toBe("guest-handle");
  });

  it("derives status from the table", () => {
    const c = loadCatalog();
    expect(c.byName("xenoprof_op")).toMatchObject({ status: "removed", removedIn: "4.22.0" });
    expect(c.byName("tmem_op")).toMatchObject({ status: "removed", removedIn: "4.13.0" });
    expect(c.byName("iret")!.status).toBe("x86-only");
    expect(c.byName("sched_op_compat")!.status).toBe("deprecated");
    expect(c.byName("argo_op")!.status).toBe("stable");
    expect(c.byName("hypfs_op")!.releases[0]).toBe("4.14.0");
  });

  it("is release-specific", () => {
    expect(loadCatalog("4.21").byName("xenoprof_op")!.availability.pv64).toBe("do");
    expect(loadCatalog("4.22").byName("xenoprof_op")!.availability.pv64).toBeNull();
  });
});
