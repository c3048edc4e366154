/**
 * The site's data model: what the local plugin hands each generated page as JSON. Built at
 * build time by adapter.ts from abi-core and guidelines; components only read these shapes.
 */

export type Mode = "aarch64" | "aarch32" | "pv64" | "pv32" | "hvm64" | "hvm32";

/** One rule's verdict for a hypercall: holds, breaks (with the reason), or cannot be told from the data. */
export interface ConformanceCell {
  readonly rule: string;
  readonly status: "pass" | "fail" | "unknown";
  readonly note?: string;
}

export interface HypercallRow {
  readonly number: number;
  readonly name: string;
  readonly status: string;
  readonly summary: string;
  /** hypercall-defs.c columns with a handler in the newest release. */
  readonly guestTypes: readonly string[];
  readonly firstRelease?: string;
  readonly lastRelease?: string;
  /** Rules broken (ids), or null when no conformance data exists. */
  readonly breaks: readonly string[] | null;
  readonly documented: boolean;
}

export interface ArgCell {
  readonly index: number;
  readonly param: string;
  readonly ctype: string;
  readonly register: string;
  readonly registerBits: number;
  /** What Xen does with the bits. */
  readonly handling: string;
  readonly note?: string;
}

/** One guest mode's view of a hypercall in the newest release. */
export interface ModeCall {
  readonly mode: Mode;
  /** Xen build the row describes (aarch32 appears for arm64 and arm32 Xen). */
  readonly xen: string;
  readonly handler: string | null;
  readonly nargs: number;
  readonly numberReg: string;
  readonly resultReg: string;
  readonly instruction: string;
  readonly args: readonly ArgCell[];
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
}

export interface ErrorInfo {
  readonly errno: string;
  readonly value?: number;
  readonly when: string;
}

export interface SubopInfo {
  readonly name: string;
  readonly value: number;
  readonly summary?: string;
  readonly args: readonly { param: string; type: string; meaning: string }[];
  readonly structs: readonly string[];
  readonly errors: readonly ErrorInfo[];
  readonly since?: string;
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
  readonly subopPrefix?: string;
  readonly subops: readonly SubopInfo[];
  readonly structs: readonly StructInfo[];
  readonly errors: readonly ErrorInfo[];
  readonly conformance: readonly ConformanceCell[] | null;
  readonly releases: readonly ReleaseChange[];
  readonly quirks: readonly { id: string; title: string; detail: string }[];
  readonly examples: readonly LiveExampleInfo[];
  /** Example scenarios from examples/scenarios that exercise this hypercall. */
  readonly scenarios: readonly { file: string; name: string }[];
}

export interface ModePageData {
  readonly mode: Mode;
  readonly family: string;
  readonly bits: number;
  readonly guestType: string;
  readonly xenArches: readonly string[];
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

export interface SiteContent {
  readonly hypercalls: readonly HypercallPageData[];
  readonly modes: readonly ModePageData[];
  readonly rules: readonly RuleInfo[];
  readonly scenarios: readonly ScenarioSource[];
  readonly newestRelease: string;
  readonly releases: readonly string[];
}
