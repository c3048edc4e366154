/**
 * The release matrix as text (`xen-abi run --releases`) and as JSON (`--json`), and the
 * `--releases` list syntax.
 */
import {
  LINE_RELEASES,
  RELEASES,
  compareReleases,
  parseRelease,
  releaseLine,
  releasesBetween,
  type Release,
} from "../machine/release.js";
import type { MatrixCell, MatrixChange, MatrixRow, ScenarioMatrix } from "./matrix.js";

/**
 * The releases a `--releases` value names, oldest first, or an error message. Items are
 * separated by commas; each is a release (`4.16.1`, or `4.16` for 4.16.0), `all` (every
 * tagged point release), or a range `A..B`: when both ends are lines (`4.12..4.22`) the x.y.0
 * of each line between them, when either end names a point release (`4.16.0..4.17`) every
 * tagged point release between them.
 */
export function expandReleaseList(spec: string): Release[] | string {
  const out = new Set<Release>();
  for (const raw of spec.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    if (item === "all") {
      for (const r of RELEASES) out.add(r);
      continue;
    }
    const range = item.split("..");
    if (range.length > 2) return `'${item}' is not a release or a range A..B`;
    const ends = range.map((e) => parseRelease(e.trim()));
    const bad = range.find((_, i) => ends[i] === undefined);
    if (bad !== undefined) return `unknown release '${bad.trim()}'`;
    if (ends.length === 1) {
      out.add(ends[0]!);
      continue;
    }
    const [a, b] = ends as [Release, Release];
    if (compareReleases(a, b) > 0) return `range '${item}' runs backwards`;
    const lines = range.every((e) => /^4\.\d+$/.test(e.trim()));
    const inRange = releasesBetween(a, b);
    for (const r of lines ? inRange.filter((x) => LINE_RELEASES.includes(x)) : inRange) out.add(r);
  }
  if (out.size === 0) return "no release named";
  return [...out].sort(compareReleases);
}

/** `-22 EINVAL`, `0`, `fault undef`, `+2 cont`, then changed registers (result register left out). */
export function cellText(c: MatrixCell, resultRegs: readonly string[] = RESULT_REGS): string {
  const parts: string[] = [];
  if (c.ret !== undefined) parts.push(c.errno !== undefined ? `${c.ret} ${c.errno}` : c.ret);
  if (c.fault !== undefined && c.fault !== "none") parts.push(`fault ${c.fault}`);
  if (c.continuations !== undefined && c.continuations > 0) parts.push(`+${c.continuations} cont`);
  for (const [k, v] of Object.entries(c.changed))
    if (!resultRegs.includes(k)) parts.push(`${k}=${shortHex(v)}`);
  if (c.saw !== undefined) parts.push(shortBytes(c.saw));
  return parts.join(" ") || "-";
}

const RESULT_REGS: readonly string[] = ["x0", "r0", "rax", "eax", "pc", "rip", "eip"];

/** A read's bytes cut to 24 hex digits (the rest elided), other observations as they are. */
function shortBytes(saw: string): string {
  const hexOnly = /^[0-9a-f ]+$/.test(saw);
  const flat = saw.replace(/ /g, "");
  return hexOnly && flat.length > 24 ? `${flat.slice(0, 24)}...` : saw;
}

function shortHex(v: string): string {
  return v.startsWith("0x") ? `0x${v.slice(2).replace(/^0+(?=.)/, "")}` : v;
}

/**
 * What a change with no credited release difference comes with: the line (`the 4.17 line's
 * hypercall table, version or line-gated checks`) or, within a line, the point release.
 */
export function unlistedChangeText(ch: Pick<MatrixChange, "release" | "from">): string {
  return releaseLine(ch.release) !== releaseLine(ch.from)
    ? `the ${releaseLine(ch.release)} line's hypercall table, version or line-gated checks`
    : `RELEASE-${ch.release}'s own version`;
}

/** `4.16.1 (from 4.16.0): armZeroAarch32TopHalves 04c7cc2b79 stable-4.16 (4.16.1), ...` */
export function changeText(ch: MatrixChange): string {
  if (ch.differences.length === 0)
    return `${ch.release} (from ${ch.from}): ${unlistedChangeText(ch)}`;
  const diffs = ch.differences.map(
    (d) => `${d.id}: ${d.commits.map((c) => `${c.commit} ${c.branch} (${c.firstTag})`).join(", ")}`,
  );
  return `${ch.release} (from ${ch.from}): ${diffs.join("; ")}`;
}

/**
 * One file's matrix: a header naming the releases (and which failed), a line per step with a
 * cell per release (`*` marks a cell that differs from the one to its left, `!` a failed
 * expectation), then under a step where the result changes, the release and the Xen commits.
 */
export function formatMatrixText(m: ScenarioMatrix): string {
  const failed = m.releases.filter((_, i) => !m.okByRelease[i]);
  const lines = [
    `${m.ok ? "PASS" : "FAIL"} ${m.file}${m.name ? `: ${m.name}` : ""}` +
      (failed.length > 0 ? `  (expectations fail on ${failed.join(", ")})` : ""),
  ];
  const labelWidth = Math.max(5, ...m.rows.map((r) => (r.label ?? "").length));
  const texts = m.rows.map((r) =>
    r.cells.map((c) => `${c.differs ? "*" : " "}${c.ok ? " " : "!"}${cellText(c)}`),
  );
  const widths = m.releases.map((rel, i) =>
    Math.max(rel.length + 2, ...texts.map((row) => row[i]!.length)),
  );
  lines.push(
    `  ${"step".padStart(4)} ${"op".padEnd(14)} ${"label".padEnd(labelWidth)}  ` +
      m.releases.map((r, i) => `  ${r}`.padEnd(widths[i]!)).join(" | "),
  );
  m.rows.forEach((r, ri) => {
    lines.push(
      (
        `  ${String(r.index).padStart(4)} ${r.op.padEnd(14)} ${(r.label ?? "").padEnd(labelWidth)}  ` +
        texts[ri]!.map((t, i) => t.padEnd(widths[i]!)).join(" | ")
      ).trimEnd(),
    );
    for (const ch of r.changes) lines.push(`         changes at ${changeText(ch)}`);
    r.cells.forEach((c) => {
      for (const f of c.failures) lines.push(`         ${c.release}: ${f}`);
    });
  });
  return lines.join("\n");
}

function rowJson(r: MatrixRow) {
  return {
    index: r.index,
    op: r.op,
    ...(r.label !== undefined && { label: r.label }),
    cells: r.cells,
    changes: r.changes.map((ch) => ({
      release: ch.release,
      from: ch.from,
      differences: ch.differences.map((d) => ({
        id: d.id,
        summary: d.summary,
        commits: d.commits,
        firstTags: d.firstTags,
      })),
    })),
  };
}

/** The matrix as plain data (`xen-abi run --releases ... --json`). */
export function matrixJson(m: ScenarioMatrix) {
  return {
    file: m.file,
    ...(m.name !== undefined && { name: m.name }),
    ok: m.ok,
    releases: m.releases,
    okByRelease: m.releases.map((r, i) => ({ release: r, ok: m.okByRelease[i] })),
    rows: m.rows.map(rowJson),
  };
}
