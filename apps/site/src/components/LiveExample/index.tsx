import React, { useCallback, useEffect, useState } from "react";
import { loadAbi } from "../../data/client";
import styles from "./styles.module.css";

/** Values compare as JSON, with BigInt written as decimal text. */
export function showValue(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2) ??
    "undefined"
  );
}

type Status = "idle" | "running" | "pass" | "fail" | "error";

interface Props {
  readonly id: string;
  readonly title?: string;
  /** An async function body; `abi` is @xen-abi/abi-core. Its return value is the output. */
  readonly code: string;
  /** What the output must deep-equal; the browser test asserts every example passes. */
  readonly expect: unknown;
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (abi: unknown) => Promise<unknown>;

/**
 * A live example: runs abi-core in the reader's browser, editable, its output beside what the
 * documentation promises.
 */
export default function LiveExample({ id, title, code, expect }: Props): React.ReactElement {
  const initial = code.trim();
  const [src, setSrc] = useState(initial);
  const [status, setStatus] = useState<Status>("idle");
  const [output, setOutput] = useState("");
  const want = showValue(expect);

  const run = useCallback(
    async (text: string) => {
      setStatus("running");
      try {
        const abi = await loadAbi();
        const value = await new AsyncFunction("abi", text)(abi);
        const got = showValue(value);
        setOutput(got);
        setStatus(got === want ? "pass" : "fail");
      } catch (e) {
        setOutput(`${(e as Error).name}: ${(e as Error).message}`);
        setStatus("error");
      }
    },
    [want],
  );

  useEffect(() => {
    void run(initial);
  }, [initial, run]);

  return (
    <div className={styles.live} data-live-example={id} data-live-status={status}>
      {title && <div className={styles.title}>{title}</div>}
      <textarea
        className={styles.editor}
        aria-label={`code of ${id}`}
        spellCheck={false}
        value={src}
        rows={Math.min(24, src.split("\n").length + 1)}
        onChange={(e) => setSrc(e.target.value)}
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
        <span className={styles[status]}>
          {status === "pass"
            ? "✓ output matches"
            : status === "fail"
              ? "✗ output differs from expected"
              : status === "error"
                ? "✗ error"
                : status === "running"
                  ? "running…"
                  : ""}
        </span>
      </div>
      <div className={styles.panes}>
        <div>
          <div className={styles.label}>Output</div>
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
