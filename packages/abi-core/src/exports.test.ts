/**
 * The public API is deliberate (issue 14 item 11): the root entry exports exactly the agreed
 * values below, so internals do not leak back into it, and every subpath in package.json
 * `exports` is a layer's index that loads and says something.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as root from "./index.js";

const PKG = fileURLToPath(new URL("..", import.meta.url));

interface Entry {
  types: string;
  import: string;
  default: string;
}
const EXPORTS = (
  JSON.parse(readFileSync(`${PKG}/package.json`, "utf8")) as { exports: Record<string, Entry> }
).exports;

/** The root's runtime exports, sorted; a change here is a change of the public API. */
const ROOT_VALUES = [
  "ArgoGuest",
  "ArgoRing",
  "CONFIG_OPTIONS",
  "CONSOLEIO_read",
  "CONSOLEIO_write",
  "DOMID_SELF",
  "DUMMY_ARGO_POLICY",
  "Domain",
  "E2BIG",
  "EACCES",
  "EAGAIN",
  "EBUSY",
  "ECONNREFUSED",
  "EDOM",
  "EEXIST",
  "EFAULT",
  "EILSEQ",
  "EINVAL",
  "EMSGSIZE",
  "ENOBUFS",
  "ENODATA",
  "ENODEV",
  "ENOENT",
  "ENOMEM",
  "ENOSPC",
  "ENOSYS",
  "ENXIO",
  "EOPNOTSUPP",
  "EOVERFLOW",
  "EPERM",
  "ERANGE",
  "ERRNO_NAMES",
  "ESRCH",
  "ETIME",
  "EVTCHNOP_alloc_unbound",
  "EVTCHNOP_bind_interdomain",
  "EVTCHNOP_bind_ipi",
  "EVTCHNOP_bind_pirq",
  "EVTCHNOP_bind_vcpu",
  "EVTCHNOP_bind_virq",
  "EVTCHNOP_close",
  "EVTCHNOP_expand_array",
  "EVTCHNOP_init_control",
  "EVTCHNOP_reset",
  "EVTCHNOP_reset_cont",
  "EVTCHNOP_send",
  "EVTCHNOP_set_priority",
  "EVTCHNOP_status",
  "EVTCHNOP_unmask",
  "EVTCHNSTAT_closed",
  "EVTCHNSTAT_interdomain",
  "EVTCHNSTAT_ipi",
  "EVTCHNSTAT_pirq",
  "EVTCHNSTAT_unbound",
  "EVTCHNSTAT_virq",
  "EXDEV",
  "GUEST_MODES",
  "GUEST_TYPES",
  "GuestMemory",
  "HYPERCALLS",
  "MAX_RINGS_PER_DOMAIN",
  "MODELLED_HANDLERS",
  "MODE_INFO",
  "NEWEST_RELEASE",
  "NR_HYPERCALLS",
  "OLDEST_RELEASE",
  "PAGE_SHIFT",
  "PAGE_SIZE",
  "REGISTRY",
  "RELEASES",
  "RELEASE_DIFFERENCES",
  "RELEASE_LINES",
  "RegisterFile",
  "SCHEDOP_block",
  "SCHEDOP_pin_override",
  "SCHEDOP_poll",
  "SCHEDOP_remote_shutdown",
  "SCHEDOP_shutdown",
  "SCHEDOP_shutdown_code",
  "SCHEDOP_watchdog",
  "SCHEDOP_yield",
  "SHUTDOWN_crash",
  "SHUTDOWN_poweroff",
  "SHUTDOWN_reboot",
  "SHUTDOWN_suspend",
  "SHUTDOWN_watchdog",
  "STRUCTS",
  "STRUCT_NAMES",
  "ScenarioError",
  "VIRQ_ARGO",
  "VIRQ_CONSOLE",
  "VIRQ_DEBUG",
  "VIRQ_DOM_EXC",
  "VIRQ_TIMER",
  "VIRQ_XENOPROF",
  "VIRQ_XENPMU",
  "Vcpu",
  "XENVER_build_id",
  "XENVER_capabilities",
  "XENVER_capabilities2",
  "XENVER_changeset",
  "XENVER_changeset2",
  "XENVER_commandline",
  "XENVER_commandline2",
  "XENVER_compile_info",
  "XENVER_extraversion",
  "XENVER_extraversion2",
  "XENVER_get_features",
  "XENVER_guest_handle",
  "XENVER_pagesize",
  "XENVER_platform_parameters",
  "XENVER_version",
  "XEN_ARCHES",
  "XEN_ARGO_DOMID_ANY",
  "XEN_ARGO_MAXIOV",
  "XEN_ARGO_MAX_RING_SIZE",
  "XEN_ARGO_MSG_SLOT_SIZE",
  "XEN_ARGO_OP_notify",
  "XEN_ARGO_OP_register_ring",
  "XEN_ARGO_OP_sendv",
  "XEN_ARGO_OP_unregister_ring",
  "XEN_ARGO_REGISTER_FLAG_FAIL_EXIST",
  "XEN_ARGO_REGISTER_FLAG_MASK",
  "XEN_ARGO_RING_EBUSY",
  "XEN_ARGO_RING_EMPTY",
  "XEN_ARGO_RING_EMSGSIZE",
  "XEN_ARGO_RING_EXISTS",
  "XEN_ARGO_RING_SHARED",
  "XEN_ARGO_RING_SUFFICIENT",
  "XSM_MODULES",
  "Xen",
  "XenError",
  "cellText",
  "changeText",
  "checkBoundaries",
  "checkReleaseDiff",
  "compareReleases",
  "diffReleases",
  "errnoName",
  "exitStatus",
  "expandReleaseList",
  "findStruct",
  "formatFileText",
  "formatMatrixText",
  "formatResultJson",
  "formatResultText",
  "formatSummary",
  "hypercallByName",
  "hypercallByNumber",
  "isRelease",
  "isReleaseRef",
  "layoutOf",
  "matrixJson",
  "nearestNames",
  "parseRelease",
  "parseScenario",
  "releaseAtLeast",
  "releaseProfile",
  "resultJson",
  "runMatrix",
  "runScenario",
  "toRelease",
  "unlistedChangeText",
  "withErrno",
  "withRelease",
  "withResultName",
  "withinSpan",
];

describe("the root entry (@xen-abi/abi-core)", () => {
  it("exports exactly the agreed values", () => {
    expect(Object.keys(root).sort()).toEqual(ROOT_VALUES);
  });

  it("leaves handlers, state internals and dispatch to the subpaths", () => {
    for (const name of ["do_argo_op", "HANDLERS", "trapArmHvc", "MachineScratch", "poisonArgs"]) {
      expect(Object.keys(root)).not.toContain(name);
    }
  });
});

describe("the subpaths in package.json exports", () => {
  const subpaths = Object.keys(EXPORTS).filter((k) => k !== ".");

  it("name one entry per layer, and the Node-only entry", () => {
    expect(subpaths).toEqual([
      "./abi",
      "./machine",
      "./xsm",
      "./table",
      "./hypercalls",
      "./handlers",
      "./dispatch",
      "./guest",
      "./scenario",
      "./coverage",
      "./node",
    ]);
  });

  it.each(Object.entries(EXPORTS))("%s: types, import and default name one built file", (_, e) => {
    expect(e.import).toMatch(/^\.\/dist\/.+\.js$/);
    expect(e.default).toBe(e.import);
    expect(e.types).toBe(e.import.replace(/\.js$/, ".d.ts"));
  });

  it.each(subpaths)("%s is a source entry that loads and exports something", async (key) => {
    const src = EXPORTS[key]!.import.replace(/^\.\/dist\//, "./").replace(/\.js$/, ".ts");
    expect(existsSync(new URL(src, import.meta.url))).toBe(true);
    const mod = (await import(src.replace(/\.ts$/, ".js"))) as Record<string, unknown>;
    expect(Object.keys(mod).length).toBeGreaterThan(0);
  });

  it("reach everything the root exports from some layer", async () => {
    const reached = new Set<string>();
    for (const key of subpaths) {
      const src = EXPORTS[key]!.import.replace(/^\.\/dist\//, "./");
      for (const name of Object.keys((await import(src)) as object)) reached.add(name);
    }
    const xenFace = ["Xen", "MODELLED_HANDLERS", "XenError"];
    expect(ROOT_VALUES.filter((n) => !reached.has(n) && !xenFace.includes(n))).toEqual([]);
  });
});
