import { describe, expect, it } from "vitest";
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import { loadCatalog } from "../catalog/load.js";
import { runsOnMachine } from "./modelled.js";

const catalog = loadCatalog(NEWEST_RELEASE);
const runs = (name: string) => runsOnMachine(catalog.byName(name)!);

describe("what the machine runs of a hypercall", () => {
  it("says yes when every sub-op a record lists is modelled", () => {
    const argo = runs("argo_op");
    expect(argo.runs).toBe("yes");
    expect(argo.subops.map((s) => s.name)).toContain("XEN_ARGO_OP_sendv");
    expect(argo.subops.every((s) => s.modelled)).toBe(true);
  });

  it("says partly, naming each sub-op's state, when some are unmodelled", () => {
    const mem = runs("memory_op");
    expect(mem.runs).toBe("partly");
    expect(mem.subops.some((s) => s.modelled)).toBe(true);
    expect(mem.subops.some((s) => !s.modelled)).toBe(true);
  });

  it("says no for a hypercall without a record, every sub-op unmodelled", () => {
    const dom = runs("domctl");
    expect(dom.runs).toBe("no");
    expect(dom.subops.length).toBeGreaterThan(0);
    expect(dom.subops.some((s) => s.modelled)).toBe(false);
  });
});
