/** The form's state and its proposal object (the shape packages/guidelines' ProposalSchema reads). */
export interface ParamRow {
  name: string;
  type: string;
  meaning: string;
  check: "none" | "range-checked" | "must-be-zero";
}

export interface SubopRow {
  name: string;
  value: number;
  summary: string;
}

export interface FormState {
  name: string;
  number: string;
  summary: string;
  subopPrefix: string;
  params: ParamRow[];
  subops: SubopRow[];
  guests: string[];
}

export const GUESTS = ["pv32", "pv64", "hvm32", "hvm64", "arm"];

export const INITIAL: FormState = {
  name: "frob_op",
  number: "",
  summary: "Frobnicate a domain's widgets.",
  subopPrefix: "XEN_FROB_OP_",
  params: [
    { name: "cmd", type: "unsigned int", meaning: "Sub-op.", check: "none" },
    { name: "arg", type: "void *", meaning: "The sub-op's argument struct.", check: "none" },
  ],
  subops: [{ name: "frob", value: 1, summary: "Frobnicate one widget." }],
  guests: [...GUESTS],
};

/** The proposal object; empty optional parts are left out so the YAML stays minimal. */
export function toProposal(s: FormState): Record<string, unknown> {
  const n = s.number.trim() === "" ? undefined : Number(s.number);
  return {
    name: s.name,
    ...(n !== undefined && { number: Number.isNaN(n) ? s.number : n }),
    summary: s.summary,
    ...(s.subopPrefix && { subopPrefix: s.subopPrefix }),
    params: s.params.map((p) => ({
      name: p.name,
      type: p.type,
      meaning: p.meaning,
      ...(p.check !== "none" && { check: p.check }),
    })),
    ...(s.subops.length > 0 && {
      subops: s.subops.map((o) => ({ name: o.name, value: o.value, summary: o.summary })),
    }),
    ...(s.guests.length !== GUESTS.length && { guests: s.guests }),
  };
}
