import { describe, expect, it } from "vitest";
import { findUnknownIdentifiers, headerIdentifiers } from "./identifiers.js";
import { loadCatalog } from "./load.js";

describe("header identifiers", () => {
  const ids = headerIdentifiers(loadCatalog());

  it("knows every hypercall number's macro and every documented sub-op", () => {
    for (const n of ["__HYPERVISOR_argo_op", "XEN_ARGO_OP_register_ring", "EVTCHNOP_send"])
      expect(ids.names.has(n)).toBe(true);
  });

  it("flags a doubled prefix, a misspelt sub-op and an unknown hypercall macro", () => {
    const text =
      "<h3>XEN_ARGO_OP_XEN_ARGO_OP_register_ring</h3> EVTCHNOP_EVTCHNOP_send XENMEM_exchange " +
      "XEN_ARGO_OP_regster_ring __HYPERVISOR_argo_op __HYPERVISOR_frob XENMEM_resource_* XENVER_";
    expect(findUnknownIdentifiers(text, ids)).toEqual([
      "XEN_ARGO_OP_XEN_ARGO_OP_register_ring",
      "EVTCHNOP_EVTCHNOP_send",
      "XEN_ARGO_OP_regster_ring",
      "__HYPERVISOR_frob",
    ]);
  });
});
