import React, { useCallback, useEffect, useState } from "react";
import type { ScenarioSource } from "@xen-abi/guidelines/views";
import { loadAbi } from "../../data/client";
import { decodeScenario, encodeScenario } from "./share";
import { runInBrowser, type PlaygroundRun } from "./run";
import Registers from "./Registers";
import styles from "./styles.module.css";

type Outcome =
  { kind: "none" } | { kind: "error"; message: string } | { kind: "run"; run: PlaygroundRun };

function initialText(scenarios: readonly ScenarioSource[]): string {
  const hash = new URLSearchParams(window.location.hash.slice(1)).get("s");
  const fromHash = hash ? decodeScenario(hash) : undefined;
  if (fromHash !== undefined) return fromHash;
  const example = new URLSearchParams(window.location.search).get("example");
  const named = scenarios.find((s) => s.file === example);
  return (named ?? scenarios.find((s) => s.starter) ?? scenarios[0])?.text ?? "";
}

/** Edit a scenario, run it on the reference machine in this tab, and inspect every step. */
export default function Playground({
  scenarios,
}: {
  scenarios: readonly ScenarioSource[];
}): React.ReactElement {
  const [text, setText] = useState(() => initialText(scenarios));
  const [outcome, setOutcome] = useState<Outcome>({ kind: "none" });
  const [copied, setCopied] = useState(false);

  const run = useCallback(async (src: string) => {
    const abi = await loadAbi();
    try {
      setOutcome({ kind: "run", run: runInBrowser(abi, src) });
    } catch (e) {
      setOutcome({ kind: "error", message: (e as Error).message });
    }
    window.history.replaceState(null, "", `#s=${encodeScenario(src)}`);
  }, []);

  useEffect(() => {
    void run(text);
  }, []);

  const load = (file: string) => {
    const s = scenarios.find((x) => x.file === file);
    if (!s) return;
    setText(s.text);
    void run(s.text);
  };

  const share = async () => {
    window.history.replaceState(null, "", `#s=${encodeScenario(text)}`);
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const starters = scenarios.filter((s) => s.starter);
  const rest = scenarios.filter((s) => !s.starter);
  return (
    <div className={styles.playground}>
      <div className={styles.toolbar}>
        <select
          aria-label="example scenario"
          defaultValue=""
          onChange={(e) => load(e.target.value)}
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
      </div>
      <div className={styles.columns}>
        <textarea
          className={styles.editor}
          aria-label="scenario YAML"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className={styles.output}>
          {outcome.kind === "error" && (
            <div data-playground-result="error">
              <strong>Not a valid scenario</strong>
              <pre data-playground-error="">{outcome.message}</pre>
            </div>
          )}
          {outcome.kind === "run" && <Results run={outcome.run} />}
        </div>
      </div>
    </div>
  );
}

function Results({ run }: { run: PlaygroundRun }): React.ReactElement {
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
            {s.label ? `: ${s.label}` : ""}
            {s.ret !== undefined && <code className={styles.ret}> ret {s.ret}</code>}
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
          {s.read && <pre>{s.read.bytes}</pre>}
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
