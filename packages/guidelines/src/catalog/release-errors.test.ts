import { describe, expect, it } from "vitest";
import type { ReleaseRef } from "@xen-abi/abi-core";
import { exportDocument } from "../export/export.js";
import { formatMessage } from "../lint/message.js";
import { showSubop } from "../render/show.js";
import { buildCatalog } from "./catalog.js";
import { hypercallSources, loadCatalog } from "./load.js";

/** A sub-op's errors in the catalog of `release`, as `errno check-id`. */
function errors(release: ReleaseRef, hypercall: string, subop: string): string[] {
  const e = loadCatalog(release).byName(hypercall)!;
  const s = e.doc.subops!.find((x) => x.name === subop)!;
  return (s.errors ?? []).map((x) => `${x.errno} ${x.check ?? "-"}`);
}

describe("a hypercall's errors as one release has them", () => {
  it("link each error written as ${<check>.errno} to its check", () => {
    expect(errors("4.18", "vcpu_op", "VCPUOP_register_vcpu_info")).toContain(
      "EBUSY vcpu_op.register_vcpu_info.registered",
    );
  });

  it("leave out the errors of checks the release does not make (4.15 has no 4.18 -EBUSY)", () => {
    const at415 = errors("4.15", "vcpu_op", "VCPUOP_register_vcpu_info");
    expect(at415).not.toContain("EBUSY vcpu_op.register_vcpu_info.registered");
    expect(at415).toContain("EINVAL vcpu_op.register_vcpu_info.crosses_page_einval");
    expect(at415).not.toContain("ENXIO vcpu_op.register_vcpu_info.crosses_page");
    // Errors that name no check (ENOSYS, a prose-only EACCES) stay in every release.
    expect(at415.filter((x) => x.endsWith(" -")).length).toBe(
      errors("4.22", "vcpu_op", "VCPUOP_register_vcpu_info").filter((x) => x.endsWith(" -")).length,
    );
    const e = loadCatalog("4.15").byName("vcpu_op")!;
    const s = e.doc.subops!.find((x) => x.name === "VCPUOP_register_vcpu_info")!;
    expect(showSubop(e, s)).not.toMatch(/-EBUSY/);
    const e18 = loadCatalog("4.18").byName("vcpu_op")!;
    const s18 = e18.doc.subops!.find((x) => x.name === "VCPUOP_register_vcpu_info")!;
    expect(showSubop(e18, s18)).toMatch(/-EBUSY/);
  });

  it("end a check at its point release: set_singleshot_timer's -ETIME is 4.17.2's, not 4.17.3's", () => {
    const past = "ETIME vcpu_op.set_singleshot_timer.past";
    expect(errors("4.17.2", "vcpu_op", "VCPUOP_set_singleshot_timer")).toContain(past);
    expect(errors("4.17.3", "vcpu_op", "VCPUOP_set_singleshot_timer")).not.toContain(past);
  });

  it("export --release states the release's errors", () => {
    const doc = exportDocument("4.15");
    const v = doc.hypercalls.find((h) => h.name === "vcpu_op")!;
    const s = v.subops.find((x) => x.name === "VCPUOP_register_vcpu_info")!;
    expect(s.errors.map((x) => x.errno)).not.toContain("EBUSY");
  });
});

describe("an error that names its check by hand", () => {
  const withCheck = (check: string) => {
    const sources = hypercallSources();
    const f = "data/hypercalls/vcpu_op.yaml";
    sources[f] = sources[f]!.replace(
      "      - errno: EACCES\n",
      `      - errno: EACCES\n        check: ${check}\n`,
    );
    return buildCatalog(sources).messages.map(formatMessage);
  };

  it("must name a check of a record, failing with the error's errno", () => {
    expect(withCheck("vcpu_op.register_vcpu_info.nope")).toEqual([
      expect.stringMatching(
        /^data\/hypercalls\/vcpu_op\.yaml:\d+:\d+: 'vcpu_op\.register_vcpu_info\.nope' is not a check in any record \[fact-mismatch\]$/,
      ),
    ]);
    expect(withCheck("vcpu_op.register_vcpu_info.registered")).toEqual([
      expect.stringMatching(
        /: check vcpu_op\.register_vcpu_info\.registered fails with EBUSY, not EACCES \[fact-mismatch\]$/,
      ),
      // The last error names a check made before earlier ones: out of the record's order too.
      expect.stringMatching(
        /: VCPUOP_register_vcpu_info's errors are not in the record's check order: vcpu_op\.register_vcpu_info\.registered is checked before /,
      ),
    ]);
  });
});

describe("the order a release checks in", () => {
  it("hvm_op set_param: from 4.19 a guest setting ALTP2M on itself gets -EEXIST before -EPERM", () => {
    const order = (r: ReleaseRef) =>
      errors(r, "hvm_op", "HVMOP_set_param").filter((x) => /read_only|not_settable/.test(x));
    expect(order("4.19")).toEqual([
      "EEXIST hvm_op.set_param.read_only",
      "EPERM hvm_op.set_param.not_settable",
    ]);
    expect(order("4.18")).toEqual(["EPERM hvm_op.set_param.not_settable"]);
  });
});
