/**
 * The proposal form's state, the proposal object it stands for (the shape packages/guidelines'
 * ProposalSchema reads) and where each lint finding is shown. Browser-free: unit-tested.
 *
 * Sub-op names follow the guidelines package's one convention (subopNameFor): the form takes
 * `register` and the proposal says `XEN_FROB_OP_register`.
 */
import { subopNameFor, subopPrefixFor } from "@xen-abi/guidelines/naming";

export type Direction = "in" | "out" | "inout" | "none";
export type Check = "none" | "range-checked" | "must-be-zero" | "full-width";
/** What a sub-op does with one argument after cmd. */
export type ArgUse = "used" | "unused" | "unused-checked";

export interface ErrorRow {
  errno: string;
  when: string;
}

export interface ParamRow {
  name: string;
  type: string;
  meaning: string;
  direction: Direction;
  check: Check;
}

export interface SubopArgRow {
  use: ArgUse;
  meaning: string;
}

export interface SubopRow {
  /** Without the prefix: `register`. */
  name: string;
  value: string;
  summary: string;
  errors: ErrorRow[];
  /** Per parameter name (parameters after cmd). */
  args: Record<string, SubopArgRow>;
  longRunning: boolean;
  continuation: boolean;
}

export interface FieldRow {
  name: string;
  type: string;
  meaning: string;
  /** Array length, empty for a scalar. */
  count: string;
  flexible: boolean;
  mustBeZero: boolean;
}

export interface StructRow {
  name: string;
  summary: string;
  fields: FieldRow[];
}

export interface FlagValueRow {
  name: string;
  value: string;
}

export interface FlagsRow {
  in: string;
  values: FlagValueRow[];
  unknown: "reject" | "ignore";
}

export interface FormState {
  name: string;
  number: string;
  summary: string;
  purpose: string;
  /** Empty: the convention's prefix for the name (subopPrefixFor). */
  subopPrefix: string;
  config: string;
  guests: string[];
  /** The errno an unknown sub-op returns; empty: not stated. */
  unknownSubop: string;
  preservesArguments: boolean;
  errors: ErrorRow[];
  params: ParamRow[];
  subops: SubopRow[];
  structs: StructRow[];
  flags: FlagsRow[];
}

export const GUESTS = ["pv32", "pv64", "hvm32", "hvm64", "arm"];
export const DIRECTIONS: readonly Direction[] = ["in", "out", "inout", "none"];
export const CHECKS: readonly Check[] = ["none", "range-checked", "must-be-zero", "full-width"];

export const newError = (errno = "EINVAL", when = ""): ErrorRow => ({ errno, when });

export function newSubop(index: number): SubopRow {
  return {
    name: `op${index + 1}`,
    value: String(index + 1),
    summary: "What this sub-op does.",
    errors: [newError("EFAULT", "The argument cannot be read or written.")],
    args: {},
    longRunning: false,
    continuation: false,
  };
}

export const newField = (name = "field"): FieldRow => ({
  name,
  type: "uint32_t",
  meaning: "What it holds.",
  count: "",
  flexible: false,
  mustBeZero: false,
});

/** A proposal that follows every rule: the form's starting point. */
export const INITIAL: FormState = {
  name: "frob_op",
  number: "",
  summary: "Frobnicate a domain's widgets.",
  purpose: "",
  subopPrefix: "",
  config: "",
  guests: [...GUESTS],
  unknownSubop: "EOPNOTSUPP",
  preservesArguments: false,
  errors: [newError("EOPNOTSUPP", "cmd is not a known sub-op.")],
  params: [
    {
      name: "cmd",
      type: "unsigned int",
      meaning: "The sub-op.",
      direction: "in",
      check: "none",
    },
    {
      name: "arg",
      type: "void *",
      meaning: "Guest handle of the sub-op's argument struct.",
      direction: "inout",
      check: "none",
    },
  ],
  subops: [
    {
      ...newSubop(0),
      name: "register",
      summary: "Register one widget.",
    },
  ],
  structs: [],
  flags: [],
};

/** The sub-op prefix the proposal uses: the one typed, else the convention's. */
export function prefixOf(s: FormState): string {
  return s.subopPrefix.trim() || subopPrefixFor(s.name.trim());
}

/** Whether the first parameter selects a sub-op (the form then leaves it out of per-sub-op args). */
export function firstIsCmd(s: FormState): boolean {
  return s.subops.length > 0 && s.params.length > 0;
}

/** The parameters a sub-op can use or leave unused (all but cmd), with their indexes. */
export function subopParams(s: FormState): { index: number; param: ParamRow }[] {
  return s.params
    .map((param, index) => ({ index, param }))
    .filter(({ index }) => !(index === 0 && firstIsCmd(s)));
}

/** A number typed in the form: a number when it reads as one, else the text (so lint says why). */
function num(text: string): number | string {
  const t = text.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return Number(t);
  return t;
}

const errorsOf = (rows: ErrorRow[]) => rows.map((e) => ({ errno: e.errno.trim(), when: e.when }));

/**
 * A sub-op's `args` entries, in the order the proposal lists them, each with the parameter it
 * belongs to. Only arguments the author said something about are listed.
 */
export function subopArgEntries(
  s: FormState,
  so: SubopRow,
): { paramIndex: number; entry: Record<string, unknown> }[] {
  const out: { paramIndex: number; entry: Record<string, unknown> }[] = [];
  for (const { index, param } of subopParams(s)) {
    const a = so.args[param.name];
    if (a === undefined || (a.use === "used" && a.meaning.trim() === "")) continue;
    out.push({
      paramIndex: index,
      entry:
        a.use === "used"
          ? { param: param.name, meaning: a.meaning }
          : {
              param: param.name,
              unused: true,
              ...(a.use === "unused-checked" && { checked: true }),
            },
    });
  }
  return out;
}

/** The proposal object; empty optional parts are left out so the YAML stays minimal. */
export function toProposal(s: FormState): Record<string, unknown> {
  const prefix = prefixOf(s);
  return {
    name: s.name.trim(),
    ...(s.number.trim() !== "" && { number: num(s.number) }),
    summary: s.summary,
    ...(s.purpose.trim() !== "" && { purpose: s.purpose }),
    ...(s.subops.length > 0 && { subopPrefix: prefix }),
    params: s.params.map((p) => ({
      name: p.name.trim(),
      type: p.type.trim(),
      meaning: p.meaning,
      direction: p.direction,
      check: p.check,
    })),
    ...(s.subops.length > 0 && {
      subops: s.subops.map((o) => {
        const args = subopArgEntries(s, o).map((a) => a.entry);
        return {
          name: subopNameFor(prefix, o.name.trim()),
          value: num(o.value),
          summary: o.summary,
          ...(args.length > 0 && { args }),
          errors: errorsOf(o.errors),
          ...(o.longRunning && { longRunning: true }),
          ...(o.continuation && { continuation: true }),
        };
      }),
    }),
    ...(s.structs.length > 0 && {
      structs: s.structs.map((st) => ({
        name: st.name.trim(),
        summary: st.summary,
        fields: st.fields.map((f) => ({
          name: f.name.trim(),
          type: f.type.trim(),
          meaning: f.meaning,
          ...(f.count.trim() !== "" && { count: num(f.count) }),
          ...(f.flexible && { flexible: true }),
          ...(f.mustBeZero && { check: "must-be-zero" }),
        })),
      })),
    }),
    ...(s.flags.length > 0 && {
      flags: s.flags.map((f) => ({
        in: f.in.trim(),
        values: f.values.map((v) => ({ name: v.name.trim(), value: num(v.value) })),
        unknown: f.unknown,
      })),
    }),
    ...(s.unknownSubop.trim() !== "" && { unknownSubop: s.unknownSubop.trim() }),
    errors: errorsOf(s.errors),
    ...(s.guests.length !== GUESTS.length && {
      guests: GUESTS.filter((g) => s.guests.includes(g)),
    }),
    ...(s.config.trim() !== "" && { config: s.config.trim() }),
    ...(s.preservesArguments && { preservesArguments: true }),
  };
}

/** A path in the proposal (`["subops", 0, "errors"]`) as the key of a place in the form. */
export const keyOf = (path: readonly (string | number)[]): string => path.join(".");

const TOP_FIELDS = [
  "name",
  "number",
  "summary",
  "purpose",
  "subopPrefix",
  "config",
  "guests",
  "unknownSubop",
  "preservesArguments",
  "errors",
  "params",
  "subops",
  "structs",
  "flags",
];

function errorSlots(base: string, rows: ErrorRow[], out: Set<string>): void {
  out.add(base);
  rows.forEach((_, i) => {
    out.add(`${base}.${i}`);
    out.add(`${base}.${i}.errno`);
    out.add(`${base}.${i}.when`);
  });
}

/**
 * Every place the form shows findings, keyed by proposal path: each input, each list, each
 * row, and the form itself (""). The form renders a slot for every key here.
 */
export function slotKeys(s: FormState): Set<string> {
  const out = new Set<string>(["", ...TOP_FIELDS]);
  errorSlots("errors", s.errors, out);
  s.params.forEach((_, i) => {
    for (const k of ["", ".name", ".type", ".meaning", ".direction", ".check"])
      out.add(`params.${i}${k}`);
  });
  s.subops.forEach((so, i) => {
    for (const k of ["", ".name", ".value", ".summary", ".longRunning", ".continuation", ".args"])
      out.add(`subops.${i}${k}`);
    errorSlots(`subops.${i}.errors`, so.errors, out);
    subopArgEntries(s, so).forEach((a, j) => {
      out.add(`subops.${i}.args.${j}`);
      if ("meaning" in a.entry) out.add(`subops.${i}.args.${j}.meaning`);
    });
  });
  s.structs.forEach((st, i) => {
    for (const k of ["", ".name", ".summary", ".fields"]) out.add(`structs.${i}${k}`);
    st.fields.forEach((_, j) => {
      for (const k of ["", ".name", ".type", ".meaning", ".count", ".flexible", ".check"])
        out.add(`structs.${i}.fields.${j}${k}`);
    });
  });
  s.flags.forEach((f, i) => {
    for (const k of ["", ".in", ".values", ".unknown"]) out.add(`flags.${i}${k}`);
    f.values.forEach((_, j) => {
      for (const k of ["", ".name", ".value"]) out.add(`flags.${i}.values.${j}${k}`);
    });
  });
  return out;
}

/** The slot a finding at `path` is shown in: the deepest slot on its path. */
export function slotFor(
  path: readonly (string | number)[] | undefined,
  slots: Set<string>,
): string {
  const p = path ?? [];
  for (let n = p.length; n > 0; n--) {
    const k = keyOf(p.slice(0, n));
    if (slots.has(k)) return k;
  }
  return "";
}

/** The form state in the URL hash (`#p=` base64url of its JSON), so a link reopens the form. */
export function encodeState(s: FormState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The state a `#p=` value holds, filled in from INITIAL where it says nothing. */
export function decodeState(text: string): FormState | undefined {
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const raw: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))),
    );
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
    return { ...INITIAL, ...(raw as Partial<FormState>) };
  } catch {
    return undefined;
  }
}
