import React, { useCallback, useEffect, useRef, useState } from "react";
import { useBaseUrlUtils } from "@docusaurus/useBaseUrl";
import { useRunner } from "../Runner/RunnerProvider";
import { decodeScenario, encodeScenario } from "./share";
import type { PlaygroundRun } from "./run";
import Registers from "./Registers";
import ScenarioEditor from "./ScenarioEditor";
import ReleaseControl, { initialReleases, withReleases } from "./ReleaseControl";
import { MatrixState, useReleaseMatrix } from "../ReleaseMatrix";
import styles from "./styles.module.css";

type Outcome =
  | { kind: "none" }
  | { kind: "running" }
  | { kind: "error"; message: string; line?: number }
  | { kind: "timeout"; ms: number }
  | { kind: "run"; run: PlaygroundRun; stepLines: readonly number[] };

/** One example in the list; its text is fetched when picked (all but the first shown). */
export interface ExampleEntry {
  readonly file: string;
  readonly name: string;
  readonly starter: boolean;
}

/** The example shown first, with its text: the route data carries no other text. */
export interface FirstExample {
  readonly file: string;
  readonly text: string;
}

/**
 * The text to show on load, or the example to fetch first: a shared `#s=` link's scenario, the
 * `?example=` named (fetched unless it is the first), else the first example.
 */
function initialText(
  examples: readonly ExampleEntry[],
  first: FirstExample | undefined,
): { text: string; fetch?: string; unknown?: string } {
  const hash = new URLSearchParams(window.location.hash.slice(1)).get("s");
  const fromHash = hash ? decodeScenario(hash) : undefined;
  if (fromHash !== undefined) return { text: fromHash };
  const example = new URLSearchParams(window.location.search).get("example");
  if (example !== null && example !== first?.file) {
    if (examples.some((s) => s.file === example)) return { text: "", fetch: example };
    return { text: first?.text ?? "", unknown: example };
  }
  return { text: first?.text ?? "" };
}

/**
 * Whether the URL names a scenario (a shared `#s=` link, `?example=`): it runs on load. A bare
 * /playground waits for Run, so its first load does not fetch the run worker (abi-core).
 */
function urlNamesScenario(): boolean {
  return (
    new URLSearchParams(window.location.hash.slice(1)).has("s") ||
    new URLSearchParams(window.location.search).has("example")
  );
}

/** Edit a scenario, run it on the reference machine in this tab, and inspect every step. */
export default function Playground({
  examples,
  first,
}: {
  examples: readonly ExampleEntry[];
  first?: FirstExample;
}): React.ReactElement {
  const [initial] = useState(() => initialText(examples, first));
  const [text, setText] = useState(initial.text);
  // The example whose text is being fetched, and why the last fetch failed.
  const [loading, setLoading] = useState<string | null>(initial.fetch ?? null);
  const [loadError, setLoadError] = useState<string | null>(
    initial.unknown !== undefined
      ? `There is no example named ${initial.unknown}: showing ${first?.file ?? "an empty scenario"}.`
      : null,
  );
  // Only the last pick's text lands in the editor, however the fetches finish.
  const picked = useRef(0);
  // The list's choice: back to its prompt when a fetch fails, so picking it again retries.
  const [choice, setChoice] = useState("");
  const { withBaseUrl } = useBaseUrlUtils();
  const [outcome, setOutcome] = useState<Outcome>({ kind: "none" });
  const [ran, setRan] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // The releases to rerun the scenario under (`4.12..4.22`, `all`; "" for none), in the URL.
  const [releases, setReleases] = useState(initialReleases);
  const releasesNow = useRef(releases);
  releasesNow.current = releases;
  // Each Run is a new request: the matrix reruns even when the scenario text is unchanged.
  const [runs, setRuns] = useState(0);
  const matrix = useReleaseMatrix(ran, releases, runs);
  const runner = useRunner();

  const run = useCallback(
    async (src: string) => {
      setOutcome({ kind: "running" });
      setRan(src);
      setRuns((n) => n + 1);
      window.history.replaceState(
        null,
        "",
        withReleases(`#s=${encodeScenario(src)}`, releasesNow.current),
      );
      const r = await runner().run({ kind: "scenario", text: src });
      if ("timeout" in r) setOutcome({ kind: "timeout", ms: r.ms });
      else if (!r.ok)
        setOutcome({
          kind: "error",
          message: r.message,
          ...(r.line !== undefined && { line: r.line }),
        });
      else if (r.run) setOutcome({ kind: "run", run: r.run, stepLines: r.stepLines ?? [] });
    },
    [runner],
  );

  /** Fetch an example's text (examples/scenarios, served at /scenarios), show it and run it. */
  const load = useCallback(
    async (file: string) => {
      const pick = ++picked.current;
      if (file === first?.file) {
        setLoading(null);
        setLoadError(null);
        setText(first.text);
        void run(first.text);
        return;
      }
      setLoading(file);
      setLoadError(null);
      let got: string;
      try {
        const r = await fetch(withBaseUrl(`/scenarios/${encodeURIComponent(file)}`));
        if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`.trim());
        got = await r.text();
      } catch (e) {
        if (pick !== picked.current) return;
        setLoading(null);
        setLoadError(`Could not load the example ${file}: ${(e as Error).message}`);
        setChoice("");
        return;
      }
      if (pick !== picked.current) return;
      setLoading(null);
      setText(got);
      void run(got);
    },
    [first, run, withBaseUrl],
  );

  useEffect(() => {
    if (initial.fetch !== undefined) void load(initial.fetch);
    else if (urlNamesScenario()) void run(text);
  }, []);

  const share = async () => {
    window.history.replaceState(null, "", withReleases(`#s=${encodeScenario(text)}`, releases));
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const stale = ran !== null && ran !== text && outcome.kind !== "running";
  const starters = examples.filter((s) => s.starter);
  const rest = examples.filter((s) => !s.starter);
  return (
    <div className={styles.playground}>
      <div className={styles.toolbar}>
        <select
          aria-label="example scenario"
          value={choice}
          onChange={(e) => {
            setChoice(e.target.value);
            void load(e.target.value);
          }}
        >
          <option value="" disabled>
            Load an example…
          </option>
          <optgroup label="Starting points">
            {starters.map((s) => (
              <option key={s.file} value={s.file}>
                {s.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="More examples">
            {rest.map((s) => (
              <option key={s.file} value={s.file}>
                {s.name}
              </option>
            ))}
          </optgroup>
        </select>
        <button type="button" className="button button--primary" onClick={() => void run(text)}>
          Run
        </button>
        <button type="button" className="button button--secondary" onClick={() => void share()}>
          {copied ? "Link copied" : "Copy link"}
        </button>
        <ReleaseControl value={releases} onChange={setReleases} />
      </div>
      <div className={styles.columns}>
        <ScenarioEditor text={text} onChange={setText} marked={markedLines(outcome)} />
        <div className={styles.output}>
          {loading !== null && (
            <p data-playground-loading="" role="status">
              Loading the example {loading}…
            </p>
          )}
          {loadError !== null && (
            <p className={styles.stale} data-playground-load-error="" role="alert">
              {loadError}
            </p>
          )}
          {stale && (
            <p className={styles.stale} data-playground-stale="">
              The scenario was edited since this run: press Run to update.
            </p>
          )}
          {outcome.kind === "none" && loading === null && (
            <p data-playground-idle="">
              Press <strong>Run</strong> to run this scenario on the reference machine in your
              browser, or load an example.
            </p>
          )}
          {outcome.kind === "running" && <p>running…</p>}
          {outcome.kind === "timeout" && (
            <div data-playground-result="timeout">
              <strong>Stopped after {outcome.ms / 1000} s</strong>: the run did not finish.
            </div>
          )}
          {outcome.kind === "error" && (
            <div data-playground-result="error">
              <strong>
                Not a valid scenario{outcome.line !== undefined && ` (line ${outcome.line})`}
              </strong>
              <pre data-playground-error="">{outcome.message}</pre>
            </div>
          )}
          <MatrixState state={matrix} />
          {outcome.kind === "run" && <Results run={outcome.run} stepLines={outcome.stepLines} />}
        </div>
      </div>
    </div>
  );
}

/** Lines to mark in the editor: an invalid scenario's line, or where each failed step starts. */
function markedLines(o: Outcome): readonly number[] {
  if (o.kind === "error") return o.line !== undefined ? [o.line] : [];
  if (o.kind !== "run") return [];
  return o.run.steps.flatMap((s, i) =>
    s.ok || o.stepLines[i] === undefined ? [] : [o.stepLines[i]!],
  );
}

function Results({
  run,
  stepLines,
}: {
  run: PlaygroundRun;
  stepLines: readonly number[];
}): React.ReactElement {
  return (
    <div data-playground-result={run.ok ? "pass" : "fail"}>
      <h3>
        {run.ok ? "✓" : "✗"} {run.name ?? "scenario"}: {run.steps.filter((s) => s.ok).length}/
        {run.steps.length} steps as expected
      </h3>
      {run.steps.map((s) => (
        <details
          key={s.index}
          open={s.op === "hypercall" || !s.ok}
          className={s.ok ? styles.ok : styles.bad}
          data-step={s.index}
        >
          <summary>
            {s.ok ? "✓" : "✗"} [{s.index}] {s.op}
            {stepLines[s.index] !== undefined && (
              <small className={styles.line}> line {stepLines[s.index]}</small>
            )}
            {s.label ? `: ${s.label}` : ""}
            {s.ret !== undefined && (
              <code className={styles.ret}>
                {" "}
                ret {s.ret}
                {s.retName !== undefined && ` (${s.retName})`}
              </code>
            )}
            {s.fault !== undefined && s.fault !== "none" && <strong> fault {s.fault}</strong>}
            {s.continuations ? ` (${s.continuations} continuations)` : ""}
          </summary>
          {s.failures.length > 0 && (
            <ul className={styles.failures}>
              {s.failures.map((f, i) => (
                <li key={i}>{f}</li>
              ))}
            </ul>
          )}
          {s.regs && <Registers before={s.before} after={s.regs} />}
          {s.trace && s.trace.length > 0 && (
            <>
              <div className={styles.label}>Dispatcher trace</div>
              <ol className={styles.trace} data-trace="">
                {s.trace
                  .filter((e) => e.kind !== "entry")
                  .map((e, i) => (
                    <li key={i}>
                      <code>{e.kind}</code> {traceText(e)}
                    </li>
                  ))}
              </ol>
            </>
          )}
          {s.pending !== undefined && (
            <p data-pending="">
              Pending ports: {s.pending.length > 0 ? s.pending.join(", ") : "none"}
            </p>
          )}
          {s.shown !== undefined && s.shown.fields.length > 0 && (
            <ul className={styles.fields} data-read-fields="">
              {s.shown.fields.map(([name, value]) => (
                <li key={name}>
                  <code>
                    {name} = {value} (0x{BigInt(value).toString(16)})
                  </code>
                </li>
              ))}
            </ul>
          )}
          {s.read && <ReadBytes bytes={s.read.bytes} addr={s.shown?.addr} />}
        </details>
      ))}
      {run.memory.length > 0 && (
        <>
          <h3>Guest memory after the run</h3>
          {run.memory.map((m) => (
            <div key={`${m.domain}-${m.addr}`}>
              <div className={styles.label}>
                domain {m.domain} @ 0x{m.addr.toString(16)}
              </div>
              <pre className={styles.hex}>{hexDump(m.addr, m.bytes)}</pre>
            </div>
          ))}
        </>
      )}
    </div>
  );
}

/** Past this many bytes a read's dump is folded: a shared_info_t read is 2-4 KiB. */
const FOLD_READ = 256;

function ReadBytes({ bytes, addr }: { bytes: string; addr?: number }): React.ReactElement {
  const dump = (
    <pre className={styles.hex}>{addr !== undefined ? hexDump(addr, bytes) : bytes}</pre>
  );
  const n = bytes.replace(/\s+/g, "").length / 2;
  if (n <= FOLD_READ) return dump;
  return (
    <details>
      <summary className={styles.label}>the {n} bytes read</summary>
      {dump}
    </details>
  );
}

function traceText(e: Record<string, unknown>): string {
  const { kind: _k, ...rest } = e;
  return Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
}

function hexDump(addr: number, bytes: string): string {
  const flat = bytes.replace(/\s+/g, "");
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 32) {
    const row = flat.slice(i, i + 32).match(/../g) ?? [];
    lines.push(`${(addr + i / 2).toString(16).padStart(8, "0")}  ${row.join(" ")}`);
  }
  return lines.join("\n");
}
