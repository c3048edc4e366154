/**
 * @xen-abi/abi-core: a reference machine for Xen's hypercall ABI.
 *
 * This root entry is the surface a guest-port author or a reader of the docs uses: the machine
 * (`Xen`), the scenario runner and its formatting, the Argo guest library, guest modes and
 * releases, the hypercall table and model registry, struct layouts, errno values and the
 * constants of Xen's public headers that guest code passes. Everything else is in a named
 * subpath, one per layer (package.json `exports`; exports.test.ts holds this list):
 *
 * - `@xen-abi/abi-core/abi`: guest modes, C types, the layout engine
 * - `@xen-abi/abi-core/machine`: state, memory, registers, releases, trace, struct I/O
 * - `@xen-abi/abi-core/xsm`: security modules
 * - `@xen-abi/abi-core/table`: the hypercall table and struct definitions
 * - `@xen-abi/abi-core/hypercalls`: model records, handlers, each hypercall's constants
 * - `@xen-abi/abi-core/handlers`: code hypercalls share (vCPU context)
 * - `@xen-abi/abi-core/dispatch`: the trap entry, argument narrowing, poisoning, multicall
 * - `@xen-abi/abi-core/guest`: the Argo guest library
 * - `@xen-abi/abi-core/scenario`: the scenario format and runner
 * - `@xen-abi/abi-core/coverage`: check coverage
 * - `@xen-abi/abi-core/node`: the parts that need Node.js (scenario files)
 *
 * Layers, bottom up (each imports only from below): abi (modes, C types, layouts) ->
 * machine (state), xsm (security modules) and table (hypercalls, structs) -> hypercalls (one folder per
 * hypercall) and handlers (PSCI, vCPU context) -> dispatch -> xen.ts
 * (the machine's face) -> guest and scenario (guest-side code).
 */

// The machine.
export { Xen, MODELLED_HANDLERS, type XenOptions, type ExecResult } from "./xen.js";
export { XenError } from "./xen-input.js";
export { Domain, Vcpu, type DomainConfig } from "./machine/domain.js";
export { GuestMemory, PAGE_SIZE, PAGE_SHIFT } from "./machine/memory.js";
export { RegisterFile } from "./machine/registers.js";
export type { TraceEvent } from "./machine/trace.js";
export type { BootOptions, Aarch32UpperBits, XenState } from "./machine/state.js";
export type { ModelClock } from "./machine/clock.js";
export { CONFIG_OPTIONS, type BuildConfig, type ConfigOption } from "./machine/config.js";
export { DUMMY_ARGO_POLICY, XSM_MODULES, type ArgoPolicy, type XsmModule } from "./xsm/hooks.js";

// Guest modes and architectures.
export {
  GUEST_MODES,
  GUEST_TYPES,
  MODE_INFO,
  XEN_ARCHES,
  type CTarget,
  type GuestMode,
  type GuestModeInfo,
  type GuestType,
  type RegisterDef,
  type XenArch,
} from "./abi/modes.js";

// Releases.
export {
  RELEASES,
  RELEASE_LINES,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  compareReleases,
  isRelease,
  isReleaseRef,
  parseRelease,
  releaseAtLeast,
  releaseProfile,
  toRelease,
  type Release,
  type ReleaseLine,
  type ReleaseProfile,
  type ReleaseRef,
} from "./machine/release.js";
export {
  RELEASE_DIFFERENCES,
  type ReleaseDifference,
  type ReleaseDifferenceId,
} from "./machine/release-differences.js";
export { diffReleases, type ReleaseDiff, type ReleaseDiffEntry } from "./table/release-diff.js";

// Errno values (negated in a hypercall's return).
export * from "./machine/errno.js";

// The hypercall table, the model's records, struct layouts.
export {
  HYPERCALLS,
  NR_HYPERCALLS,
  hypercallByName,
  hypercallByNumber,
  type HypercallRecord,
} from "./table/hypercalls.js";
export { REGISTRY, type Registry } from "./hypercalls/registry.js";
export {
  checkBoundaries,
  checkReleaseDiff,
  withinSpan,
  type ReleaseSpan,
} from "./hypercalls/check-release-diff.js";
export type {
  ArgKind,
  CheckRecord,
  SubopRecord,
  HypercallRecord as HypercallModelRecord,
} from "./hypercalls/record.js";
export { STRUCTS, STRUCT_NAMES, findStruct, layoutOf } from "./table/structs/index.js";
export type { FieldLayout, StructLayout } from "./abi/layout.js";

// Constants of Xen's public headers that guest code passes or receives.
export {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MAXIOV,
  XEN_ARGO_MAX_RING_SIZE,
  XEN_ARGO_MSG_SLOT_SIZE,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
  XEN_ARGO_REGISTER_FLAG_FAIL_EXIST,
  XEN_ARGO_REGISTER_FLAG_MASK,
  XEN_ARGO_RING_EBUSY,
  XEN_ARGO_RING_EMPTY,
  XEN_ARGO_RING_EMSGSIZE,
  XEN_ARGO_RING_EXISTS,
  XEN_ARGO_RING_SHARED,
  XEN_ARGO_RING_SUFFICIENT,
  MAX_RINGS_PER_DOMAIN,
  VIRQ_ARGO,
} from "./hypercalls/argo_op/constants.js";
export { CONSOLEIO_read, CONSOLEIO_write } from "./hypercalls/console_io/console-io.js";
export {
  SCHEDOP_block,
  SCHEDOP_pin_override,
  SCHEDOP_poll,
  SCHEDOP_remote_shutdown,
  SCHEDOP_shutdown,
  SCHEDOP_shutdown_code,
  SCHEDOP_watchdog,
  SCHEDOP_yield,
  SHUTDOWN_crash,
  SHUTDOWN_poweroff,
  SHUTDOWN_reboot,
  SHUTDOWN_suspend,
  SHUTDOWN_watchdog,
} from "./hypercalls/sched_op/sched-op.js";
export {
  XENVER_build_id,
  XENVER_capabilities,
  XENVER_capabilities2,
  XENVER_changeset,
  XENVER_changeset2,
  XENVER_commandline,
  XENVER_commandline2,
  XENVER_compile_info,
  XENVER_extraversion,
  XENVER_extraversion2,
  XENVER_get_features,
  XENVER_guest_handle,
  XENVER_pagesize,
  XENVER_platform_parameters,
  XENVER_version,
} from "./hypercalls/xen_version/xen-version.js";
export {
  DOMID_SELF,
  EVTCHNOP_alloc_unbound,
  EVTCHNOP_bind_interdomain,
  EVTCHNOP_bind_ipi,
  EVTCHNOP_bind_pirq,
  EVTCHNOP_bind_vcpu,
  EVTCHNOP_bind_virq,
  EVTCHNOP_close,
  EVTCHNOP_expand_array,
  EVTCHNOP_init_control,
  EVTCHNOP_reset,
  EVTCHNOP_reset_cont,
  EVTCHNOP_send,
  EVTCHNOP_set_priority,
  EVTCHNOP_status,
  EVTCHNOP_unmask,
  EVTCHNSTAT_closed,
  EVTCHNSTAT_interdomain,
  EVTCHNSTAT_ipi,
  EVTCHNSTAT_pirq,
  EVTCHNSTAT_unbound,
  EVTCHNSTAT_virq,
  VIRQ_CONSOLE,
  VIRQ_DEBUG,
  VIRQ_DOM_EXC,
  VIRQ_TIMER,
  VIRQ_XENOPROF,
  VIRQ_XENPMU,
} from "./hypercalls/event_channel_op/constants.js";

// The Argo guest library.
export {
  ArgoGuest,
  ArgoRing,
  type ArgoGuestOptions,
  type NotifyResult,
  type PayloadReader,
} from "./guest/argo.js";

// The scenario runner and the formatting of its results.
export { ScenarioError } from "./scenario/error.js";
export type {
  Scenario,
  ScenarioDomain,
  ScenarioStep,
  ScenarioXen,
  StepOp,
} from "./scenario/schema.js";
export { parseScenario } from "./scenario/parse.js";
export { nearestNames } from "./scenario/nearest.js";
export { runScenario, withErrno, withResultName } from "./scenario/run.js";
export type { RunOptions, ScenarioResult, StepResult } from "./scenario/run.js";
export { runMatrix, withRelease } from "./scenario/matrix.js";
export type { ScenarioMatrix, MatrixRow, MatrixCell, MatrixChange } from "./scenario/matrix.js";
export {
  formatMatrixText,
  matrixJson,
  expandReleaseList,
  cellText,
  changeText,
  unlistedChangeText,
} from "./scenario/matrix-format.js";
export {
  formatResultText,
  formatResultJson,
  formatFileText,
  formatSummary,
  resultJson,
  exitStatus,
  type FileOutcome,
  type FormatOptions,
} from "./scenario/format.js";
