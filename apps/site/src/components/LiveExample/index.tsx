import React, { useCallback, useEffect, useState } from "react";
import { showValue } from "../Runner/protocol";
import { useRunner } from "../Runner/RunnerProvider";
import { useInView } from "../Runner/useInView";
import CodeEditor from "../CodeEditor";
import { exampleCode } from "./code";
import styles from "./styles.module.css";

export { showValue };

type Status = "idle" | "running" | "pass" | "fail" | "error" | "timeout";

interface Props {
  readonly id: string;
  readonly title?: string;
  /** An async function body; `abi` is @xen-abi/abi-core. Its return value is the output. */
  readonly code?: string;
  /** Or the code as a fenced code block inside the element (keeps indentation in MDX). */
  readonly children?: React.ReactNode;
  /** What the output must deep-equal; the browser test asserts every example passes. */
  readonly expect: unknown;
}

const LABEL: Record<Status, string> = {
  idle: "runs when you scroll to it, or on Run",
  running: "running…",
  pass: "✓ output matches",
  fail: "✗ output differs from expected",
  error: "✗ error",
  timeout: "✗ stopped: time limit",
};

/**
 * A live example: runs abi-core in a worker in the reader's browser once it is on screen,
 * editable, its output beside what the documentation promises. Code that runs past the time limit is stopped;
 * an output is marked stale once its code is edited.
 */
export default function LiveExample({
  id,
  title,
  code,
  children,
  expect,
}: Props): React.ReactElement {
  const initial = exampleCode(code, children);
  const [src, setSrc] = useState(initial);
  const [ran, setRan] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>("idle");
  const [output, setOutput] = useState("");
  const [line, setLine] = useState<number | undefined>(undefined);
  const runner = useRunner();
  const want = showValue(expect);
  const [box, inView] = useInView<HTMLDivElement>();

  const run = useCallback(
    async (text: string) => {
      setStatus("running");
      setRan(text);
      const r = await runner().run({ kind: "code", code: text });
      if ("timeout" in r) {
        setOutput(`Stopped after ${r.ms / 1000} s: the code did not finish (an endless loop?).`);
        setLine(undefined);
        setStatus("timeout");
      } else if (r.ok) {
        setOutput(r.output ?? "");
        setLine(undefined);
        setStatus(r.output === want ? "pass" : "fail");
      } else {
        setOutput(`${r.line !== undefined ? `line ${r.line}: ` : ""}${r.name}: ${r.message}`);
        setLine(r.line);
        setStatus("error");
      }
    },
    [want, runner],
  );

  // Runs once the reader reaches it (useInView, after their first scroll, key or click): the
  // run worker is not part of the first load.
  useEffect(() => {
    if (inView) void run(initial);
  }, [initial, run, inView]);

  const stale = ran !== null && ran !== src && status !== "running";
  return (
    <div
      ref={box}
      className={styles.live}
      data-live-example={id}
      data-live-status={status}
      {...(stale && { "data-live-stale": "" })}
    >
      {title && <div className={styles.title}>{title}</div>}
      <CodeEditor
        value={src}
        onChange={setSrc}
        label={`code of ${id}`}
        marked={line !== undefined ? [line] : []}
      />
      <div className={styles.bar}>
        <button
          type="button"
          className="button button--primary button--sm"
          onClick={() => void run(src)}
        >
          Run
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          onClick={() => {
            setSrc(initial);
            void run(initial);
          }}
        >
          Reset
        </button>
        <span className={styles[status]} data-live-badge="">
          {LABEL[status]}
        </span>
        {stale && (
          <span className={styles.stale} data-live-stale-note="">
            edited since this run: press Run
          </span>
        )}
      </div>
      <div className={styles.panes}>
        <div className={stale ? styles.staleOutput : undefined}>
          <div className={styles.label}>Output{stale ? " (stale)" : ""}</div>
          <pre data-live-output="">{output}</pre>
        </div>
        <div>
          <div className={styles.label}>Expected</div>
          <pre data-live-expected="">{want}</pre>
        </div>
      </div>
    </div>
  );
}
