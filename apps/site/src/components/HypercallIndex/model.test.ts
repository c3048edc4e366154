import { describe, expect, it } from "vitest";
import type { HypercallRow } from "@xen-abi/guidelines/views";
import {
  DEFAULT_QUERY,
  argsText,
  fromSearch,
  selectRows,
  toSearch,
  type IndexQuery,
} from "./model";

const row = (number: number, name: string, more: Partial<HypercallRow> = {}): HypercallRow => ({
  number,
  name,
  status: "stable",
  summary: `${name} does things.`,
  guestTypes: ["pv32", "pv64", "hvm32", "hvm64", "arm"],
  breaks: [],
  documented: true,
  aliases: [],
  nargs: 2,
  runs: "no",
  subops: [],
  ...more,
});

const ROWS: HypercallRow[] = [
  row(39, "argo_op", {
    nargs: 5,
    runs: "yes",
    subops: [{ name: "XEN_ARGO_OP_sendv", modelled: true }],
    firstRelease: "4.12",
  }),
  row(12, "memory_op", {
    runs: "partly",
    subops: [
      { name: "XENMEM_exchange", modelled: true },
      { name: "XENMEM_add_to_physmap", modelled: false },
    ],
  }),
  row(7, "platform_op", { nargs: 1, aliases: ["dom0_op"], breaks: ["cmd-first"] }),
  row(1, "mmu_update", { nargs: 4, guestTypes: ["pv32", "pv64"], status: "x86-only" }),
];
const names = (q: Partial<IndexQuery>) =>
  selectRows(ROWS, { ...DEFAULT_QUERY, ...q }).map((r) => r.name);

describe("the hypercall index", () => {
  it("finds a hypercall by decimal or hex number, __HYPERVISOR_ name, alias or sub-op", () => {
    expect(names({ q: "39" })).toEqual(["argo_op"]);
    expect(names({ q: "0x27" })).toEqual(["argo_op"]);
    expect(names({ q: "0XC" })).toEqual(["memory_op"]);
    expect(names({ q: "__HYPERVISOR_memory_op" })).toEqual(["memory_op"]);
    expect(names({ q: "__HYPERVISOR_dom0_op" })).toEqual(["platform_op"]);
    expect(names({ q: "sendv" })).toEqual(["argo_op"]);
    expect(names({ q: "1" })).toEqual(["mmu_update"]);
  });

  it("filters by architecture, guest type, what runs on the machine and conformance", () => {
    expect(names({ guest: "arm" })).toEqual(["platform_op", "memory_op", "argo_op"]);
    expect(names({ guest: "x86" })).toHaveLength(4);
    expect(names({ runs: "all" })).toEqual(["argo_op"]);
    expect(names({ runs: "some" })).toEqual(["memory_op", "argo_op"]);
    expect(names({ runs: "none" })).toEqual(["mmu_update", "platform_op"]);
    expect(names({ conf: "breaks" })).toEqual(["platform_op"]);
  });

  it("sorts by a column, either way, ties by number", () => {
    expect(names({})).toEqual(["mmu_update", "platform_op", "memory_op", "argo_op"]);
    expect(names({ sort: "nargs", desc: true })).toEqual([
      "argo_op",
      "mmu_update",
      "memory_op",
      "platform_op",
    ]);
    expect(names({ sort: "runs" })).toEqual(["argo_op", "memory_op", "mmu_update", "platform_op"]);
    expect(names({ sort: "name" })).toEqual(["argo_op", "memory_op", "mmu_update", "platform_op"]);
  });

  it("holds the query in the URL, defaults left out", () => {
    const q: IndexQuery = { ...DEFAULT_QUERY, q: "0x27", runs: "all", sort: "nargs", desc: true };
    expect(toSearch(q)).toBe("?q=0x27&runs=all&sort=nargs&desc=1");
    expect(fromSearch(toSearch(q))).toEqual(q);
    expect(toSearch(DEFAULT_QUERY)).toBe("");
    expect(fromSearch("?sort=bogus").sort).toBe("number");
  });

  it("says 1 arg, not 1 args", () => {
    expect([0, 1, 2].map(argsText)).toEqual(["0 args", "1 arg", "2 args"]);
  });
});
