import { describe, expect, it } from "vitest";
import type {
  HypercallPageData,
  ModePageData,
  RuleInfo,
  SiteContent,
} from "@xen-abi/guidelines/views";
import { buildRoutes, playgroundData } from "./routes";

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
    release: "4.22.0",
    behaviour: [],
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
    history: { hypercalls: {}, modes: {} },
    releaseNotes: { differences: [], epochs: [] },
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
      "/releases",
    ]);
  });

  it("gives each older span of a page its own route under its first release", () => {
    const old = { ...hypercall("argo_op", 39), release: "4.12.0" };
    const now = hypercall("argo_op", 39);
    const releases = ["4.12.0", "4.12.1", "4.22.0"];
    const routes = buildRoutes(
      content({
        releases,
        history: {
          hypercalls: {
            argo_op: [
              { from: "4.12.0", to: "4.12.0", data: old },
              { from: "4.12.1", to: "4.22.0", data: now },
            ],
          },
          modes: {},
        },
      }),
    );
    const older = routes.find((r) => r.path === "/4.12.0/hypercalls/argo_op")!;
    expect((older.data as { release: string }).release).toBe("4.12.0");
    const variants = [
      { from: "4.12.0", to: "4.12.0", path: "/4.12.0/hypercalls/argo_op" },
      { from: "4.12.1", to: "4.22.0", path: "/hypercalls/argo_op" },
    ];
    const lines = [
      ["4.12", 1],
      ["4.22", 0],
    ];
    expect((older.data as { selector: unknown }).selector).toEqual({
      lines,
      from: "4.12.0",
      to: "4.12.0",
      variants,
    });
    const newest = routes.find((r) => r.path === "/hypercalls/argo_op")!;
    expect((newest.data as { selector: unknown }).selector).toEqual({
      lines,
      from: "4.12.1",
      to: "4.22.0",
      variants,
    });
    expect(routes.filter((r) => r.path.endsWith("/argo_op"))).toHaveLength(2);
  });

  it("gives the hypercall index of each older span its own route, linking that span's pages", () => {
    const old = { ...hypercall("argo_op", 39), release: "4.12.0" };
    const oldRow = { ...old.row, guestTypes: ["pv64"] };
    const releases = ["4.12.0", "4.12.1", "4.13.0", "4.22.0"];
    const routes = buildRoutes(
      content({
        releases,
        history: {
          hypercalls: {
            argo_op: [
              { from: "4.12.0", to: "4.12.0", data: { ...old, row: oldRow } },
              { from: "4.12.1", to: "4.22.0", data: hypercall("argo_op", 39) },
            ],
            xen_version: [{ from: "4.12.0", to: "4.22.0", data: hypercall("xen_version", 17) }],
            // Dispatched from 4.13 only: not in the 4.12.0 index.
            dm_op: [{ from: "4.13.0", to: "4.22.0", data: hypercall("dm_op", 41) }],
          },
          modes: {},
        },
      }),
    );
    const indexes = routes.filter((r) => r.component.endsWith("HypercallIndex"));
    expect(indexes.map((r) => r.path)).toEqual([
      "/hypercalls",
      "/4.12.0/hypercalls",
      "/4.12.1/hypercalls",
    ]);
    const at = (path: string) =>
      indexes.find((r) => r.path === path)!.data as {
        rows: { name: string; guestTypes: string[] }[];
        links: Record<string, string>;
        release: string;
        selector: { from: string; to: string };
      };
    const first = at("/4.12.0/hypercalls");
    expect(first.rows.map((r) => [r.name, r.guestTypes])).toEqual([
      ["xen_version", ["arm"]],
      ["argo_op", ["pv64"]],
    ]);
    expect(first.links).toEqual({
      argo_op: "/4.12.0/hypercalls/argo_op",
      xen_version: "/hypercalls/xen_version",
    });
    expect([first.release, first.selector.from, first.selector.to]).toEqual([
      "4.12.0",
      "4.12.0",
      "4.12.0",
    ]);
    const second = at("/4.12.1/hypercalls");
    expect(second.rows.map((r) => r.name)).toEqual(["xen_version", "argo_op"]);
    expect(second.selector).toMatchObject({ from: "4.12.1", to: "4.12.1" });
    expect(at("/hypercalls").selector).toMatchObject({
      from: "4.13.0",
      to: "4.22.0",
      variants: [
        { from: "4.12.0", to: "4.12.0", path: "/4.12.0/hypercalls" },
        { from: "4.12.1", to: "4.12.1", path: "/4.12.1/hypercalls" },
        { from: "4.13.0", to: "4.22.0", path: "/hypercalls" },
      ],
    });
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

  it("lists every example for the playground, with the first starting point's text only", () => {
    const scenarios = [
      { file: "b.yaml", name: "b example", text: "b: text", starter: false },
      { file: "a.yaml", name: "a example", text: "a: text", starter: true },
      { file: "c.yaml", name: "c example", text: "c: text", starter: true },
    ];
    const pg = buildRoutes(content({ scenarios })).find((r) => r.path === "/playground")!;
    expect(pg.data).toEqual({
      examples: [
        { file: "b.yaml", name: "b example", starter: false },
        { file: "a.yaml", name: "a example", starter: true },
        { file: "c.yaml", name: "c example", starter: true },
      ],
      first: { file: "a.yaml", text: "a: text" },
    });
  });

  it("shows the first example when none is a starting point, and none when there are none", () => {
    const one = [{ file: "b.yaml", name: "b", text: "b: text", starter: false }];
    expect(playgroundData(one).first).toEqual({ file: "b.yaml", text: "b: text" });
    expect(playgroundData([])).toEqual({ examples: [] });
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
