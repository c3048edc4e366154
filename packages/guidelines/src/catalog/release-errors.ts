/**
 * A document's errors as one release has them. An error written `errno: ${<check id>.errno}`
 * names the machine's check (abi-core's record), so the record's since/until, and its
 * sub-op's, say which releases make it: a release's catalog keeps only those, in the
 * document's order (Xen's). An error that names no check (ENOSYS, a prose-only EACCES) is in
 * every release. The release facts are written once, in the records.
 */
import { withinSpan, type Registry, type Release } from "@xen-abi/abi-core";
import { parse } from "yaml";
import type { HypercallDoc } from "../schema/hypercall-doc.js";

// A check id is `<hypercall>.<sub-op or entry>.<what>`; `${x.unknown_subop.errno}` is no check.
const ERRNO_OF_CHECK = /^\$\{([a-z][a-z0-9_]*\.[a-z0-9_]+\.[a-z0-9_]+)\.errno\}$/;

/** The check id a raw (unresolved) `errno:` names, or undefined. */
function checkOf(e: unknown): string | undefined {
  const errno = (e as { errno?: unknown } | null)?.errno;
  const m = typeof errno === "string" ? ERRNO_OF_CHECK.exec(errno.trim()) : null;
  return m?.[1];
}

/**
 * `doc` (parsed from the resolved text) with each error's `check` set from the raw text's
 * placeholder, where the document does not name one itself. The raw text parses as YAML too:
 * a placeholder is a plain scalar there.
 */
export function linkErrorChecks(doc: HypercallDoc, raw: string): HypercallDoc {
  let tree: { errors?: unknown[]; subops?: { errors?: unknown[] }[] };
  try {
    tree = (parse(raw) ?? {}) as typeof tree;
  } catch {
    return doc;
  }
  const link = <E extends { check?: string | undefined }>(errors: readonly E[], raw?: unknown[]) =>
    errors.map((e, i) => {
      const check = e.check ?? checkOf(raw?.[i]);
      return check === undefined ? e : { ...e, check };
    });
  return {
    ...doc,
    errors: link(doc.errors, tree.errors),
    ...(doc.subops && {
      subops: doc.subops.map((s, i) =>
        s.errors ? { ...s, errors: link(s.errors, tree.subops?.[i]?.errors) } : s,
      ),
    }),
  };
}

/** `doc` with only the errors `release` makes (by their checks' since/until). */
export function errorsAt(doc: HypercallDoc, release: Release, registry: Registry): HypercallDoc {
  const made = (e: { check?: string | undefined }): boolean => {
    if (e.check === undefined) return true;
    const ref = registry.check(e.check);
    if (ref === undefined) return true;
    const subop =
      ref.subop === undefined
        ? undefined
        : registry.record(ref.hypercall)?.subops.find((s) => s.name === ref.subop);
    return withinSpan(release, ref.check) && (subop === undefined || withinSpan(release, subop));
  };
  return {
    ...doc,
    errors: doc.errors.filter(made),
    ...(doc.subops && {
      subops: doc.subops.map((s) => (s.errors ? { ...s, errors: s.errors.filter(made) } : s)),
    }),
  };
}
