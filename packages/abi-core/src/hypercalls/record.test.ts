import { describe, expect, it } from "vitest";
import { checkMaker } from "./record.js";

describe("checkMaker, the one helper records write their checks with", () => {
  const c = checkMaker("argo_op", "xen/common/argo.c");

  it("prefixes the hypercall to the id and the record's file to the function", () => {
    expect(c("register_ring.flags", "EINVAL", "register_ring", "flags has a bad bit.")).toEqual({
      id: "argo_op.register_ring.flags",
      errno: "EINVAL",
      xen: "xen/common/argo.c: register_ring",
      when: "flags has a bad bit.",
    });
  });

  it("keeps a whole citation of another file, and the extras it is given", () => {
    const r = c("entry.x", "EPERM", "xen/xsm/silo.c: silo_argo_enable", "SILO.", {
      since: "4.16",
      arch: ["arm64"],
    });
    expect(r.xen).toBe("xen/xsm/silo.c: silo_argo_enable");
    expect(r.since).toBe("4.16");
    expect(r.arch).toEqual(["arm64"]);
  });
});
