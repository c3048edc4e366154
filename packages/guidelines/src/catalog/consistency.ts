/**
 * Where a hypercall document may contradict abi-core, check it: the name and number, the
 * parameters against the native prototype, struct names, errno names, duplicate ids.
 */
import {
  NEWEST_RELEASE,
  REGISTRY,
  RELEASES,
  findStruct,
  withinSpan,
  type Registry,
} from "@xen-abi/abi-core";
import { normalizeCType } from "@xen-abi/abi-core/abi";
import type { HypercallDoc } from "../schema/hypercall-doc.js";
import type { LintMessage } from "../lint/message.js";
import type { YamlSource } from "../yaml/source.js";
import { errnoKnown } from "./errno.js";
import { RULE_IDS } from "../rules/ids.js";
import { nativePrototype, docNameOf } from "./prototype.js";

function duplicates<T>(items: readonly T[], key: (t: T) => string | number): number[] {
  const seen = new Set<string | number>();
  const out: number[] = [];
  items.forEach((it, i) => {
    const k = key(it);
    if (seen.has(k)) out.push(i);
    seen.add(k);
  });
  return out;
}

/**
 * The document's sub-ops against the hypercall's record (abi-core's registry): each must be a
 * sub-op of the record with the same number, and each sub-op of the record must be documented.
 * A record that lists no sub-ops yet (a placeholder) checks nothing.
 */
function checkSubopsAgainstRecord(
  doc: HypercallDoc,
  src: YamlSource,
  registry: Registry,
): LintMessage[] {
  const record = registry.record(doc.name);
  if (record === undefined || record.subops.length === 0) return [];
  const out: LintMessage[] = [];
  const documented = doc.subops ?? [];
  documented.forEach((s, i) => {
    const r = record.subops.find((x) => x.name === s.name);
    if (r === undefined)
      out.push(
        src.at(
          ["subops", i, "name"],
          "fact-mismatch",
          `sub-op '${s.name}' is not in ${doc.name}'s record (${record.subops.map((x) => x.name).join(", ")})`,
        ),
      );
    else if (r.number !== s.value)
      out.push(
        src.at(
          ["subops", i, "value"],
          "fact-mismatch",
          `sub-op ${s.name} is ${r.number} in ${doc.name}'s record, not ${s.value}`,
        ),
      );
  });
  for (const r of record.subops)
    if (!documented.some((s) => s.name === r.name))
      out.push(
        src.at(
          documented.length > 0 ? ["subops"] : ["name"],
          "fact-mismatch",
          `${doc.name}'s record has sub-op ${r.name} (${r.number}), which the document does not list`,
        ),
      );
  return out;
}

type CheckRef = NonNullable<ReturnType<Registry["check"]>>;

/** Whether some modelled release (and architecture) makes both checks. */
function coexist(a: CheckRef, b: CheckRef): boolean {
  const aa = a.check.arch;
  const ba = b.check.arch;
  if (aa !== undefined && ba !== undefined && !aa.some((x) => ba.includes(x))) return false;
  return RELEASES.some((r) => withinSpan(r, a.check) && withinSpan(r, b.check));
}

/**
 * A sub-op's errors are in the order Xen checks, and its record lists checks in that order:
 * so the errors that name a check must name them in the record's order (the registry's:
 * entry checks, then the sub-op's). Only the relative order of linked errors counts (an error
 * without a check may sit anywhere; a record may interleave per-arch or per-mode checks), and
 * only of checks one release and architecture both make (a check that replaced another in some
 * release is an alternative, not a step). The hypercall's own errors are not compared: they
 * gather the sub-ops' by errno, one check standing for many.
 */
function checkErrorOrder(doc: HypercallDoc, src: YamlSource, registry: Registry): LintMessage[] {
  const rank = new Map(registry.checks.map((r, i) => [r.check.id, i]));
  const out: LintMessage[] = [];
  const lists = (doc.subops ?? []).map((s, i) => ({
    path: ["subops", i, "errors"],
    where: s.name,
    errors: s.errors ?? [],
  }));
  for (const { path, where, errors } of lists) {
    const linked = errors.flatMap((e, j) => {
      const ref = e.check === undefined ? undefined : registry.check(e.check);
      return ref === undefined ? [] : [{ j, ref, at: rank.get(ref.check.id)! }];
    });
    for (const [n, later] of linked.entries()) {
      const earlier = linked.slice(0, n).find((e) => e.at > later.at && coexist(e.ref, later.ref));
      if (earlier !== undefined)
        out.push(
          src.at(
            [...path, later.j, "errno"],
            "fact-mismatch",
            `${where}'s errors are not in the record's check order: ${later.ref.check.id} is checked before ${earlier.ref.check.id}`,
          ),
        );
    }
  }
  return out;
}

export function checkDocAgainstFacts(
  doc: HypercallDoc,
  src: YamlSource,
  file: string,
  registry: Registry = REGISTRY,
): LintMessage[] {
  const out: LintMessage[] = [];
  const h = registry.hypercall(doc.name);
  if (/\.ya?ml$/.test(file) && docNameOf(file) !== doc.name) {
    out.push(
      src.at(
        ["name"],
        "name-mismatch",
        `name '${doc.name}' does not match the file name '${docNameOf(file)}'`,
      ),
    );
  }
  if (h === undefined || h.name !== doc.name) {
    out.push(
      src.at(
        ["name"],
        "unknown-hypercall",
        `'${doc.name}' is not a hypercall in abi-core's table (public/xen.h)`,
      ),
    );
    return out;
  }
  if (doc.number !== undefined && doc.number !== h.number) {
    out.push(
      src.at(
        ["number"],
        "fact-mismatch",
        `number ${doc.number} disagrees with abi-core: __HYPERVISOR_${h.name} is ${h.number}`,
      ),
    );
  }
  const proto = nativePrototype(h, NEWEST_RELEASE);
  const params = proto?.params ?? [];
  if (doc.params.length !== params.length) {
    out.push(
      src.at(
        ["params"],
        "param-mismatch",
        `${doc.params.length} parameters documented, but the prototype has ${params.length} (${params.map((p) => p.name).join(", ") || "none"})`,
      ),
    );
  }
  doc.params.forEach((p, i) => {
    const fact = params[i];
    if (fact === undefined) return;
    if (p.name !== fact.name) {
      out.push(
        src.at(
          ["params", i, "name"],
          "param-mismatch",
          `parameter ${i + 1} is '${fact.name}' in the prototype, not '${p.name}'`,
        ),
      );
    }
    if (p.type !== undefined && normalizeCType(p.type) !== normalizeCType(fact.type)) {
      out.push(
        src.at(
          ["params", i, "type"],
          "fact-mismatch",
          `type '${p.type}' disagrees with abi-core's prototype: '${fact.type}'`,
        ),
      );
    }
  });
  const structRefs: [readonly (string | number)[], string][] = doc.structs.map((s, i) => [
    ["structs", i],
    s,
  ]);
  doc.subops?.forEach((s, i) =>
    s.structs?.forEach((n, j) => structRefs.push([["subops", i, "structs", j], n])),
  );
  for (const [path, name] of structRefs) {
    if (findStruct(name) === undefined)
      out.push(
        src.at(path, "unknown-struct", `struct '${name}' is not in abi-core's struct table`),
      );
  }
  const errorRefs: [readonly (string | number)[], string][] = doc.errors.map((e, i) => [
    ["errors", i, "errno"],
    e.errno,
  ]);
  doc.subops?.forEach((s, i) =>
    s.errors?.forEach((e, j) => errorRefs.push([["subops", i, "errors", j, "errno"], e.errno])),
  );
  if (doc.unknownSubop !== undefined) errorRefs.push([["unknownSubop"], doc.unknownSubop]);
  for (const [path, name] of errorRefs) {
    if (!errnoKnown(name))
      out.push(src.at(path, "unknown-errno", `'${name}' is not an errno in public/errno.h`));
  }
  // An error that names its check by hand (not through `${<check>.errno}`) must name one.
  const checkRefs: [readonly (string | number)[], { errno: string; check?: string }][] = [
    ...doc.errors.map((e, i): [(string | number)[], typeof e] => [["errors", i, "check"], e]),
    ...(doc.subops ?? []).flatMap((s, i) =>
      (s.errors ?? []).map((e, j): [(string | number)[], typeof e] => [
        ["subops", i, "errors", j, "check"],
        e,
      ]),
    ),
  ];
  for (const [path, e] of checkRefs) {
    if (e.check === undefined) continue;
    const ref = registry.check(e.check);
    if (ref === undefined)
      out.push(src.at(path, "fact-mismatch", `'${e.check}' is not a check in any record`));
    else if (ref.check.errno !== e.errno)
      out.push(
        src.at(
          path,
          "fact-mismatch",
          `check ${e.check} fails with ${ref.check.errno}, not ${e.errno}`,
        ),
      );
  }
  const subops = doc.subops ?? [];
  for (const i of duplicates(subops, (s) => s.name))
    out.push(
      src.at(["subops", i, "name"], "duplicate", `sub-op '${subops[i]!.name}' is listed twice`),
    );
  for (const i of duplicates(subops, (s) => s.value))
    out.push(
      src.at(["subops", i, "value"], "duplicate", `sub-op value ${subops[i]!.value} is used twice`),
    );
  subops.forEach((s, i) =>
    s.args?.forEach((a, j) => {
      // must-be-zero means unused: a sub-op that passes something in it contradicts it (its
      // own NULL or 0 is how a sub-op says the argument is unused).
      const zero = doc.params.find((p) => p.name === a.param && p.check === "must-be-zero");
      if (zero !== undefined && a.type !== undefined && !/^(NULL|0)$/.test(a.type.trim()))
        out.push(
          src.at(
            ["subops", i, "args", j, "type"],
            "fact-mismatch",
            `${a.param} is check: must-be-zero (unused), but ${s.name} passes ${a.type} in it`,
          ),
        );
      if (!params.some((p) => p.name === a.param)) {
        out.push(
          src.at(
            ["subops", i, "args", j, "param"],
            "param-mismatch",
            `'${a.param}' is not a parameter of ${h.name}`,
          ),
        );
      }
    }),
  );
  for (const i of duplicates(doc.params, (p) => p.name))
    out.push(
      src.at(
        ["params", i, "name"],
        "duplicate",
        `parameter '${doc.params[i]!.name}' is listed twice`,
      ),
    );
  for (const i of duplicates(doc.examples, (e) => e.id))
    out.push(
      src.at(
        ["examples", i, "id"],
        "duplicate",
        `example id '${doc.examples[i]!.id}' is used twice`,
      ),
    );
  for (const i of duplicates(doc.quirks, (q) => q.id))
    out.push(
      src.at(["quirks", i, "id"], "duplicate", `quirk id '${doc.quirks[i]!.id}' is used twice`),
    );
  out.push(...checkSubopsAgainstRecord(doc, src, registry));
  out.push(...checkErrorOrder(doc, src, registry));
  for (const id of Object.keys(doc.conformance)) {
    if (!RULE_IDS.includes(id))
      out.push(
        src.at(
          ["conformance", id],
          "unknown-rule",
          `'${id}' is not a rule id (known: ${RULE_IDS.join(", ")})`,
          "error",
          true,
        ),
      );
  }
  return out;
}
