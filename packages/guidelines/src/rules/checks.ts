/**
 * The automatic checks, one per rule id where the data allows one. A check returns its
 * findings, or "unknown" when the subject's data cannot decide (a legacy hypercall whose
 * document does not say how unknown flags are treated, for instance).
 */
import {
  type GuestMode,
  findStruct,
  hypercallByName,
  hypercallByNumber,
  type StructLayout,
} from "@xen-abi/abi-core";
import { C_TARGETS, LayoutEngine, type CRecordDecl } from "@xen-abi/abi-core/abi";
import { typeBytes, typeKnown } from "../catalog/arg-facts.js";
import { errnoKnown } from "../catalog/errno.js";
import type { Path, RuleSubject, SubjectStruct } from "./subject.js";

export interface Finding {
  readonly ruleId: string;
  readonly message: string;
  readonly path: Path;
  readonly severity?: "error" | "warning";
}

export type CheckResult = readonly Finding[] | "unknown";
export type RuleCheck = (s: RuleSubject) => CheckResult;

const isPointer = (t: string) => /\*\s*$/.test(t) || /^\s*XEN_GUEST_HANDLE/.test(t);
const ADDRESS_NAME = /(^|_)(addr|address|ptr|va|gaddr|esp|hnd|handle|buf|buffer)$/;
const PADDING_NAME = /^(_?pad\d*|reserved\d*|rsvd\d*|unused\d*)$/;

function f(ruleId: string, path: Path, message: string): Finding {
  return { ruleId, path, message };
}

const cmdFirst: RuleCheck = (s) => {
  if (!s.hasSubops) return [];
  const p = s.params[0];
  if (p === undefined)
    return [
      f(
        "cmd-first",
        ["params"],
        "a hypercall with sub-ops needs `unsigned int cmd` as its first parameter",
      ),
    ];
  const out: Finding[] = [];
  if (p.name !== "cmd")
    out.push(
      f("cmd-first", [...p.path, "name"], `the sub-op selector is called '${p.name}', not 'cmd'`),
    );
  if (p.type.trim() !== "unsigned int")
    out.push(
      f("cmd-first", [...p.path, "type"], `the sub-op selector is '${p.type}', not 'unsigned int'`),
    );
  return out;
};

const maxFiveArgs: RuleCheck = (s) =>
  s.params.length > 5
    ? [
        f(
          "max-five-args",
          ["params", 5],
          `${s.params.length} parameters: Xen passes at most 5 (x0-x4, r0-r4, rdi rsi rdx r10 r8, ebx ecx edx esi edi)`,
        ),
      ]
    : [];

const widthPerAbi: RuleCheck = (s) => {
  const out: Finding[] = [];
  for (const p of s.params) {
    if (!typeKnown(p.type)) {
      out.push(
        f(
          "width-per-abi",
          [...p.path, "type"],
          `'${p.type}' has no width abi-core knows; use a fixed-width or Xen type`,
        ),
      );
      continue;
    }
    for (const [mode, stated] of Object.entries(p.bits ?? {})) {
      const bytes = typeBytes(p.type, mode as GuestMode);
      const word = mode.endsWith("32") ? 32 : 64;
      const actual = Math.min((bytes ?? 0) * 8, word);
      if (stated !== actual)
        out.push(
          f(
            "width-per-abi",
            [...p.path, "bits", mode],
            `'${p.name}' is ${actual} bits in ${mode}, not ${stated}`,
          ),
        );
    }
  }
  return out;
};

const longRangeChecked: RuleCheck = (s) => {
  const out: Finding[] = [];
  s.params.forEach((p, i) => {
    if (isPointer(p.type) || (i === 0 && s.hasSubops)) return;
    const t = p.type.trim();
    if (/^(u?int64_t|s_time_t|uint64_aligned_t)$/.test(t)) {
      out.push(
        f(
          "long-range-checked",
          [...p.path, "type"],
          `'${p.name}' is '${t}': a 64-bit value takes two registers on 32-bit ABIs (the compat handler splits it); pass it in memory or as 'unsigned long'`,
        ),
      );
    } else if (t !== "unsigned long") {
      out.push(
        f(
          "long-range-checked",
          [...p.path, "type"],
          `'${p.name}' is '${t}': on 64-bit ABIs Xen silently truncates the register; declare it 'unsigned long' and range-check it`,
        ),
      );
    } else if (p.check === "none") {
      out.push(
        f(
          "long-range-checked",
          [...p.path, "check"],
          `'${p.name}' is 'unsigned long' but nothing checks its range: reject values above 32 bits with -EINVAL (or mark it full-width)`,
        ),
      );
    }
  });
  return out;
};

const handlesForPointers: RuleCheck = (s) => {
  const out: Finding[] = [];
  for (const p of s.params) {
    if (!isPointer(p.type) && ADDRESS_NAME.test(p.name)) {
      out.push(
        f(
          "handles-for-pointers",
          [...p.path, "type"],
          `'${p.name}' looks like a guest address passed as '${p.type}'; pass it as a guest handle`,
        ),
      );
    }
  }
  for (const st of s.structs) {
    st.fields.forEach((fl, j) => {
      if (/\*\s*$/.test(fl.ctype))
        out.push(
          f(
            "handles-for-pointers",
            [...st.path, "fields", j, "type"],
            `${st.name}.${fl.name} is a bare pointer '${fl.ctype}'; use XEN_GUEST_HANDLE_64(type)`,
          ),
        );
    });
  }
  return out;
};

function layoutsOf(s: RuleSubject, st: SubjectStruct): Record<string, StructLayout> | string {
  const decl = (x: SubjectStruct): CRecordDecl => ({ name: x.name, fields: x.fields });
  const engine = new LayoutEngine((n) => {
    const local = s.localStructs.get(n);
    return local ? decl(local) : findStruct(n);
  });
  try {
    return Object.fromEntries(C_TARGETS.map((t) => [t, engine.layoutOf(st.name, t)]));
  } catch (e) {
    return (e as Error).message;
  }
}

const fixedLayoutStructs: RuleCheck = (s) => {
  const out: Finding[] = [];
  for (const st of s.structs) {
    const lay = layoutsOf(s, st);
    if (typeof lay === "string") {
      out.push(f("fixed-layout-structs", st.path, `${st.name}: ${lay}`));
      continue;
    }
    st.fields.forEach((fl, j) => {
      if (/^(unsigned )?long$|^xen_ulong_t$|^size_t$/.test(fl.ctype.trim())) {
        out.push(
          f(
            "fixed-layout-structs",
            [...st.path, "fields", j, "type"],
            `${st.name}.${fl.name} is '${fl.ctype}', whose width differs between ABIs; use uint32_t or uint64_aligned_t`,
          ),
        );
      }
    });
    const ref = lay["aarch64"]!;
    for (const t of C_TARGETS) {
      const l = lay[t]!;
      if (l.size !== ref.size) {
        out.push(
          f(
            "fixed-layout-structs",
            st.path,
            `${st.name} is ${ref.size} bytes on aarch64 but ${l.size} on ${t}`,
          ),
        );
        break;
      }
    }
    ref.fields.forEach((rf, j) => {
      const other = C_TARGETS.map((t) => [t, lay[t]!.fields[j]!] as const).find(
        ([, of]) => of.offset !== rf.offset,
      );
      if (other)
        out.push(
          f(
            "fixed-layout-structs",
            [...st.path, "fields", j],
            `${st.name}.${rf.name} is at offset ${rf.offset} on aarch64 but ${other[1].offset} on ${other[0]}`,
          ),
        );
    });
    for (const t of C_TARGETS) {
      const l = lay[t]!;
      let end = 0;
      l.fields.forEach((lf, j) => {
        if (lf.offset > end)
          out.push(
            f(
              "fixed-layout-structs",
              [...st.path, "fields", j],
              `${st.name}: ${lf.offset - end} bytes of implicit padding before '${lf.name}' on ${t}; declare an explicit pad field`,
            ),
          );
        end = lf.offset + lf.size;
      });
      if (l.size > end && !l.fields.some((x) => x.flexible))
        out.push(
          f(
            "fixed-layout-structs",
            st.path,
            `${st.name}: ${l.size - end} bytes of implicit tail padding on ${t}; declare an explicit pad field`,
          ),
        );
      if (out.some((o) => o.message.includes("implicit"))) break;
    }
  }
  return dedupe(out);
};

function dedupe(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.message) ? false : (seen.add(x.message), true)));
}

const zeroChecked: RuleCheck = (s) => {
  const out: Finding[] = [];
  let unknown = false;
  for (const st of s.structs) {
    st.fields.forEach((fl, j) => {
      if (!PADDING_NAME.test(fl.name)) return;
      if (fl.zeroChecked === undefined) unknown = true;
      else if (!fl.zeroChecked)
        out.push(
          f(
            "zero-checked",
            [...st.path, "fields", j, "check"],
            `${st.name}.${fl.name} is padding or reserved: Xen must reject nonzero (check: must-be-zero)`,
          ),
        );
    });
  }
  for (const so of s.subops) {
    so.args.forEach((a, j) => {
      if (a.unused && !a.checked)
        out.push(
          f(
            "zero-checked",
            [...so.path, "args", j, "checked"],
            `${so.name} does not use '${a.param}': Xen must reject a nonzero value (checked: true)`,
          ),
        );
    });
  }
  return out.length === 0 && unknown && s.kind === "existing" ? "unknown" : out;
};

const rejectUnknownFlags: RuleCheck = (s) => {
  if (s.flags === undefined) return "unknown";
  const out: Finding[] = [];
  const carriers = [
    ...s.params.filter((p) => /flags?$/.test(p.name)).map((p) => ({ where: p.name, path: p.path })),
    ...s.structs.flatMap((st) =>
      st.fields
        .filter((fl) => /flags?$/.test(fl.name))
        .map((fl) => ({ where: `${st.name}.${fl.name}`, path: st.path })),
    ),
  ];
  for (const c of carriers) {
    if (!s.flags.some((fl) => fl.in === c.where))
      out.push(
        f(
          "reject-unknown-flags",
          c.path,
          `'${c.where}' carries flags but no \`flags\` entry says which bits exist and that unknown ones are rejected`,
        ),
      );
  }
  for (const fl of s.flags) {
    if (fl.unknown !== "reject")
      out.push(
        f(
          "reject-unknown-flags",
          [...fl.path, "unknown"],
          `unknown bits in '${fl.in}' must be rejected with -EINVAL, not ignored`,
        ),
      );
  }
  if (
    s.flags.length > 0 &&
    !s.errors.includes("EINVAL") &&
    !s.subops.some((so) => so.errors.includes("EINVAL"))
  ) {
    out.push(
      f(
        "reject-unknown-flags",
        ["errors"],
        "unknown flags are rejected, so -EINVAL must be documented",
      ),
    );
  }
  return out;
};

const unknownSubopEopnotsupp: RuleCheck = (s) => {
  if (!s.hasSubops) return [];
  if (s.unknownSubop === undefined) {
    return s.kind === "existing"
      ? "unknown"
      : [
          f(
            "unknown-subop-eopnotsupp",
            ["unknownSubop"],
            "say what an unknown sub-op returns: unknownSubop: EOPNOTSUPP",
          ),
        ];
  }
  return s.unknownSubop === "EOPNOTSUPP"
    ? []
    : [
        f(
          "unknown-subop-eopnotsupp",
          ["unknownSubop"],
          `an unknown sub-op returns -${s.unknownSubop}; it must return -EOPNOTSUPP (-ENOSYS means "no such hypercall")`,
        ),
      ];
};

const errorsDocumented: RuleCheck = (s) => {
  const out: Finding[] = [];
  if (s.errors.length === 0)
    out.push(f("errors-documented", ["errors"], "no errors are documented"));
  s.subops.forEach((so) => {
    if (so.errors.length === 0 && s.kind === "proposal")
      out.push(f("errors-documented", [...so.path, "errors"], `${so.name} documents no errors`));
  });
  for (const e of s.errors)
    if (!errnoKnown(e))
      out.push(f("errors-documented", ["errors"], `'${e}' is not an errno in public/errno.h`));
  return out;
};

const preemptible: RuleCheck = (s) => {
  if (s.kind === "existing") return "unknown";
  return s.subops
    .filter((so) => so.longRunning && !so.continuation)
    .map((so) =>
      f(
        "preemptible",
        [...so.path, "continuation"],
        `${so.name} is long-running but not preemptible: use hypercall_create_continuation (continuation: true)`,
      ),
    );
};

const argsClobbered: RuleCheck = (s) =>
  s.preservesArguments
    ? [
        f(
          "args-clobbered",
          ["preservesArguments"],
          "argument registers are clobbered (debug builds poison them); the interface must not promise they survive",
        ),
      ]
    : [];

const numberFree: RuleCheck = (s) => {
  if (s.kind === "existing") return [];
  const out: Finding[] = [];
  if (hypercallByName(s.name))
    out.push(f("number-free", ["name"], `'${s.name}' is already a hypercall`));
  if (s.number !== undefined && hypercallByNumber(s.number))
    out.push(
      f(
        "number-free",
        ["number"],
        `number ${s.number} is taken by ${hypercallByNumber(s.number)!.name}`,
      ),
    );
  return out;
};

/** The automatic checks by rule id. Rules absent here are reviewed by people. */
export const CHECKS: Readonly<Record<string, RuleCheck>> = {
  "cmd-first": cmdFirst,
  "max-five-args": maxFiveArgs,
  "width-per-abi": widthPerAbi,
  "long-range-checked": longRangeChecked,
  "handles-for-pointers": handlesForPointers,
  "fixed-layout-structs": fixedLayoutStructs,
  "zero-checked": zeroChecked,
  "reject-unknown-flags": rejectUnknownFlags,
  "unknown-subop-eopnotsupp": unknownSubopEopnotsupp,
  "errors-documented": errorsDocumented,
  preemptible,
  "args-clobbered": argsClobbered,
  "number-free": numberFree,
};
