/**
 * The view models the site's pages render: one JSON shape per page, built at build time from the
 * catalog (views/*.ts) and read by the site's components. The site has no data model of its own.
 */
import type { GuestMode, XenArch } from "@xen-abi/abi-core";
import type { BitHandling } from "../catalog/arg-facts.js";
import type { TopHalfFact } from "../catalog/top-halves.js";
import type { DocStatus } from "../catalog/status.js";

/** One rule's verdict for a hypercall: holds, breaks (with the reason), or cannot be told from the data. */
export interface ConformanceCell {
  readonly rule: string;
  readonly status: "pass" | "fail" | "unknown";
  readonly note?: string;
}

export interface HypercallRow {
  readonly number: number;
  readonly name: string;
  /** The catalog's status, the same word `xen-abi show` prints. */
  readonly status: DocStatus;
  readonly summary: string;
  /** hypercall-defs.c columns with a handler in the newest release. */
  readonly guestTypes: readonly string[];
  readonly firstRelease?: string;
  readonly lastRelease?: string;
  /** Rules broken (ids), or null when no conformance data exists. */
  readonly breaks: readonly string[] | null;
  readonly documented: boolean;
  /** `__HYPERVISOR_*` names it answers to besides its own. */
  readonly aliases: readonly string[];
  /** Arguments of the native handler (hypercall-defs.c's prototype). */
  readonly nargs: number;
  /** Whether the machine runs it: every sub-op ("yes"), some ("partly"), none or no record ("no"). */
  readonly runs: "yes" | "partly" | "no";
  /** The sub-ops (exact header names), each with whether the machine runs it. */
  readonly subops: readonly { readonly name: string; readonly modelled: boolean }[];
}

/** One argument in one guest mode on one Xen: the catalog's per-mode facts. */
export interface ArgCell {
  /** 1-based, as the register tables number arguments. */
  readonly index: number;
  readonly param: string;
  readonly ctype: string;
  readonly register: string;
  /** Width of the argument in the guest's ABI. */
  readonly bits: number;
  /** Width of the register as Xen reads it for this mode on this Xen (arm64 Xen: 64 for AArch32 too). */
  readonly xenBits: 32 | 64;
  readonly handling: BitHandling;
  /** One line on what happens to the bits. */
  readonly summary: string;
  /** The hypercall document's note for this mode (on the mode's first Xen only). */
  readonly note?: string;
  /**
   * What Xen does with the bits above the argument's width, per release, found by running
   * the machine with them set (catalog/top-halves.ts).
   */
  readonly topHalf: readonly TopHalfFact[];
}

/**
 * Where a fact that differs between releases holds, around the page's release: `since` its
 * first release (absent: from the oldest modelled one), `until` its last (absent: still).
 */
export interface FactSpan {
  readonly since?: string;
  readonly until?: string;
}

/** A release difference (abi-core RELEASE_DIFFERENCES) as a page states it for its release. */
export interface BehaviourFact extends FactSpan {
  /** The difference's id; /releases#ID describes it. */
  readonly id: string;
  /** What the behaviour is when carried. */
  readonly summary: string;
  /** The page's release has it. */
  readonly carried: boolean;
  readonly firstTags: readonly string[];
  readonly commits: readonly {
    commit: string;
    branch: string;
    subject: string;
    firstTag: string;
  }[];
}

/** One guest mode's view of a hypercall in the page's release. */
export interface ModeCall {
  readonly mode: GuestMode;
  /** Xen build the row describes (aarch32 appears for arm64 and arm32 Xen). */
  readonly xen: XenArch;
  /** `long do_argo_op`, or null when this mode has no handler. */
  readonly handler: string | null;
  readonly nargs: number;
  readonly numberReg: string;
  readonly resultReg: string;
  readonly instruction: string;
  readonly args: readonly ArgCell[];
  /** Releases around the page's in which this mode's handler and argument count are the same. */
  readonly span: FactSpan;
}

export interface FieldRow {
  readonly name: string;
  readonly ctype: string;
  readonly meaning: string;
  /** Per C target: [offset, size]; size 0 for a flexible array. */
  readonly at: Readonly<Record<string, readonly [number, number]>>;
}

export interface StructInfo {
  readonly name: string;
  readonly header: string;
  readonly summary: string;
  readonly xlat?: string;
  /** C targets in column order, with the struct's size and alignment there. */
  readonly targets: readonly { target: string; size: number; align: number }[];
  readonly fields: readonly FieldRow[];
  /** Whether every target lays the struct out the same. */
  readonly uniform: boolean;
  /** The first release whose headers have it, when not every modelled one does. */
  readonly since?: string;
}

export interface ErrorInfo {
  readonly errno: string;
  readonly value?: number;
  readonly when: string;
}

export interface SubopInfo {
  /** The exact name from Xen's public header (`XEN_ARGO_OP_register_ring`): print as is. */
  readonly name: string;
  readonly value: number;
  readonly summary?: string;
  readonly args: readonly { param: string; type: string; meaning: string }[];
  readonly structs: readonly string[];
  readonly errors: readonly ErrorInfo[];
  readonly since?: string;
  /**
   * Whether the reference machine runs it; a sub-op it does not run reports
   * `unmodelled: <hypercall>/<sub-op>` (never an errno). From the machine's record.
   */
  readonly modelled: boolean;
}

/** A sub-op as the machine's record lists it. */
export interface SubopModel {
  /** The header's name (`SCHEDOP_poll`). */
  readonly name: string;
  readonly number: number;
  /** First release that has it, when not every modelled one. */
  readonly since?: string;
}

/** What the reference machine does with a hypercall, from its record (abi-core's registry). */
export interface HypercallModel {
  /**
   * Whether the machine has a record and handler for it. When false, every call reports
   * `unmodelled: <handler>` and the two lists are empty.
   */
  readonly handled: boolean;
  /** Sub-ops it runs, in number order. */
  readonly runs: readonly SubopModel[];
  /** Sub-ops it reports as `unmodelled` (their checks may still run first). */
  readonly unmodelled: readonly SubopModel[];
}

export interface LiveExampleInfo {
  readonly id: string;
  readonly title: string;
  /** An async function body receiving `abi`; its return value must deep-equal `expect`. */
  readonly code: string;
  readonly expect: unknown;
}

export interface ReleaseChange {
  readonly release: string;
  readonly change: string;
}

export interface HypercallPageData {
  readonly row: HypercallRow;
  readonly aliases: readonly string[];
  readonly purpose?: string;
  readonly config?: string;
  /** `long do_argo_op(unsigned int cmd, ...)`, one line per handler family. */
  readonly prototypes: readonly string[];
  readonly params: readonly { name: string; meaning: string; direction: string; check: string }[];
  readonly modes: readonly ModeCall[];
  /** The family of the sub-op names (`XEN_ARGO_OP_`); the names already carry it. */
  readonly subopPrefix?: string;
  readonly subops: readonly SubopInfo[];
  /** Which sub-ops the reference machine runs and which it reports `unmodelled`. */
  readonly model: HypercallModel;
  readonly structs: readonly StructInfo[];
  readonly errors: readonly ErrorInfo[];
  readonly conformance: readonly ConformanceCell[] | null;
  readonly releases: readonly ReleaseChange[];
  readonly quirks: readonly { id: string; title: string; detail: string }[];
  readonly examples: readonly LiveExampleInfo[];
  /** Example scenarios (file names under examples/scenarios) that exercise this hypercall. */
  readonly scenarios: readonly {
    file: string;
    name: string;
    /** The document's title for it, when it is one of the document's examples. */
    title?: string;
  }[];
  /** The Xen release the page describes. */
  readonly release: string;
  /** Modelled behaviour of this hypercall that differs between releases, as of `release`. */
  readonly behaviour: readonly BehaviourFact[];
}

export interface ModePageData {
  readonly mode: GuestMode;
  readonly family: string;
  readonly bits: number;
  readonly guestType: string;
  readonly xenArches: readonly XenArch[];
  readonly cTarget: string;
  readonly instruction: string;
  readonly instructionBytes: number;
  readonly numberReg: string;
  readonly argRegs: readonly string[];
  readonly resultReg: string;
  readonly pcReg: string;
  readonly registers: readonly { name: string; bits: number }[];
  /** Value a debug build writes into used argument registers (and the number register on Arm). */
  readonly poison: { readonly args: string; readonly number: string | null; readonly note: string };
  readonly handleParamBytes: number;
  readonly handleStructBytes: number;
  readonly hypercalls: readonly { number: number; name: string; nargs: number }[];
  /** The Xen release the page describes. */
  readonly release: string;
  /** Modelled entry/exit behaviour of this mode that differs between releases, as of `release`. */
  readonly behaviour: readonly BehaviourFact[];
  /**
   * The thread's question for this mode, per Xen that runs it: xen_version's `int cmd` and
   * `void *arg` with the bits above their width set, as the machine answered per release.
   */
  readonly topHalves: readonly {
    readonly xen: XenArch;
    readonly args: readonly { param: string; ctype: string; facts: readonly TopHalfFact[] }[];
  }[];
  /** Arm modes: the SMCCC/PSCI functions `hvc #0` reaches; null on x86. */
  readonly smccc: SmcccView | null;
}

/** A PSCI/SMCCC check: its result named as PSCI/SMCCC name it (`INVALID_PARAMETERS`). */
export interface SmcccCheckView {
  readonly id: string;
  /** PSCI's or SMCCC's name of the result (`ALREADY_ON`, `NOT_SUPPORTED`). */
  readonly result: string;
  /** Xen's header name of it (`PSCI_ALREADY_ON`, `ARM_SMCCC_ERR_UNKNOWN_FUNCTION`). */
  readonly header: string;
  /** Its value in x0/r0 (-4). */
  readonly value?: number;
  readonly when: string;
  readonly xen: string;
  readonly since?: string;
  /** Why the model cannot make the check fail. */
  readonly untestable?: string;
}

export interface SmcccFunctionView {
  readonly name: string;
  /** Function ID, hex. */
  readonly fid: string;
  /** Whether the machine answers it; otherwise it reports `unmodelled`. */
  readonly modelled: boolean;
  readonly xen: string;
  /** What it can answer, by PSCI's and SMCCC's names. */
  readonly results: readonly string[];
  readonly since?: string;
  readonly note?: string;
  readonly checks: readonly SmcccCheckView[];
}

export interface SmcccView {
  /** vsmccc_handle_call's checks, before any function runs. */
  readonly entryChecks: readonly SmcccCheckView[];
  readonly functions: readonly SmcccFunctionView[];
}

export interface RuleExample {
  readonly title?: string;
  readonly code: string;
}

export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Where the rule comes from (the thread, a Xen file). */
  readonly source: string;
  /** Whether the linter checks it automatically. */
  readonly automatic: boolean;
  /** Proposals (YAML) that follow and break it. */
  readonly good: readonly RuleExample[];
  readonly bad: readonly RuleExample[];
  /** The linter's messages for the bad proposal, under this rule. */
  readonly badFindings: readonly string[];
  /** Hypercalls that break it today. */
  readonly breakers: readonly string[];
}

export interface ScenarioSource {
  readonly file: string;
  readonly name: string;
  readonly text: string;
  /** One of the playground's starting points. */
  readonly starter: boolean;
}

/** Everything the site's generated pages show. */
export interface SiteContent {
  readonly hypercalls: readonly HypercallPageData[];
  readonly modes: readonly ModePageData[];
  readonly rules: readonly RuleInfo[];
  readonly scenarios: readonly ScenarioSource[];
  readonly newestRelease: string;
  readonly releases: readonly string[];
  /**
   * Every hypercall and mode page per span of releases reading the same page, oldest first:
   * the last span is the newest page (above), the others have pages of their own.
   */
  readonly history: {
    readonly hypercalls: Readonly<Record<string, readonly SpanPage<HypercallPageData>[]>>;
    readonly modes: Readonly<Record<string, readonly SpanPage<ModePageData>[]>>;
  };
  readonly releaseNotes: ReleaseNotesData;
}

/** A run of consecutive releases that read the same page. */
export interface ReleaseSpan {
  readonly from: string;
  readonly to: string;
}

/** A page as read in every release of a span. */
export interface SpanPage<T> extends ReleaseSpan {
  readonly data: T;
}

/** The /releases page: release differences with their Xen commits, and diffs per epoch. */
export interface ReleaseNotesData {
  readonly differences: readonly (Omit<BehaviourFact, "carried" | "since" | "until"> & {
    readonly arches: readonly string[];
    readonly scenarios: readonly string[];
    readonly hypercalls: readonly string[];
    readonly modes: readonly string[];
  })[];
  /** Each release where something modelled changes, with what differs from the one before. */
  readonly epochs: readonly {
    readonly release: string;
    /** The last release of the epoch. */
    readonly to: string;
    /** The release before it. */
    readonly from: string;
    readonly entries: readonly {
      readonly kind: string;
      readonly subject: string;
      readonly guest?: string;
      readonly a: string;
      readonly b: string;
      /** A behaviour's id (its entry in `differences`). */
      readonly difference?: string;
    }[];
  }[];
}
