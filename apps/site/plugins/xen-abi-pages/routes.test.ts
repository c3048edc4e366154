import { describe, expect, it } from "vitest";
import type {
  HypercallPageData,
  ModePageData,
  RuleInfo,
  SiteContent,
} from "@xen-abi/guidelines/views";
import { buildRoutes } from "./routes";

function hypercall(name: string, number: number): HypercallPageData {
  return {
    row: {
      number,
      name,
      status: "stable",
      summary: "",
      guestTypes: ["arm"],
      breaks: [],
      documented: true,
      aliases: [],
      nargs: 0,
      runs: "no",
      subops: [],
    },
    aliases: [],
    prototypes: [],
    params: [],
    modes: [],
    subops: [],
    model: { handled: false, runs: [], unmodelled: [] },
    structs: [],
    errors: [],
    conformance: null,
    releases: [],
    quirks: [],
    examples: [],
    scenarios: [],
  };
}

const mode = { mode: "aarch64" } as ModePageData;
const rule = { id: "cmd-first", title: "cmd first" } as RuleInfo;

function content(over: Partial<SiteContent> = {}): SiteContent {
  return {
    hypercalls: [hypercall("argo_op", 39), hypercall("xen_version", 17)],
    modes: [mode],
    rules: [rule],
    scenarios: [{ file: "a.yaml", name: "a", text: "steps: []", starter: true }],
    newestRelease: "4.22",
    releases: ["4.22"],
    ...over,
  };
}

describe("buildRoutes", () => {
  it("gives every hypercall, mode and rule its page, plus the fixed pages", () => {
    const paths = buildRoutes(content()).map((r) => r.path);
    expect(paths).toEqual([
      "/hypercalls",
      "/hypercalls/argo_op",
      "/hypercalls/xen_version",
      "/abi",
      "/abi/aarch64",
      "/guidelines",
      "/guidelines/cmd-first",
      "/playground",
      "/propose",
    ]);
  });

  it("gives each route its own data file", () => {
    const files = buildRoutes(content()).map((r) => r.dataFile);
    expect(new Set(files).size).toBe(files.length);
  });

  it("puts the index rows and the newest release on /hypercalls", () => {
    const index = buildRoutes(content()).find((r) => r.path === "/hypercalls")!;
    expect(index.data).toEqual({
      rows: [content().hypercalls[0]!.row, content().hypercalls[1]!.row],
      release: "4.22",
    });
  });

  it("hands the playground the example scenarios unchanged", () => {
    const pg = buildRoutes(content()).find((r) => r.path === "/playground")!;
    expect(pg.data).toEqual({ scenarios: content().scenarios });
  });

  it("links each hypercall page to its neighbours in the list, none past either end", () => {
    const pages = buildRoutes(content()).filter((r) => r.component.endsWith("HypercallPage"));
    const data = pages.map((r) => r.data as { prev?: { to: string }; next?: { to: string } });
    expect(data[0]!.prev).toBeUndefined();
    expect(data[0]!.next).toEqual({ to: "/hypercalls/xen_version", label: "xen_version" });
    expect(data[1]!.prev).toEqual({ to: "/hypercalls/argo_op", label: "argo_op" });
    expect(data[1]!.next).toBeUndefined();
  });

  it("refuses two pages at one path", () => {
    const dup = content({ hypercalls: [hypercall("argo_op", 39), hypercall("argo_op", 40)] });
    expect(() => buildRoutes(dup)).toThrow("two routes for /hypercalls/argo_op");
  });
});
