import React, { useEffect, useRef, useState } from "react";
import type { EditorHandle, EditorLanguage } from "./cm";
import styles from "./styles.module.css";

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  /** 1-based lines to mark as failing. */
  readonly marked?: readonly number[];
  readonly minRows?: number;
  readonly maxRows?: number;
  /** Highlighting once the CodeMirror editor has loaded. */
  readonly language?: EditorLanguage;
}

/**
 * A code editor: the text with line numbers, failing lines marked, indentation kept (Tab
 * inserts two spaces), and scrolling inside itself rather than widening the page. It starts as
 * a textarea; the first focus loads CodeMirror 6 (./cm, its own chunk, so no page's first load
 * carries it), which takes the textarea's place with YAML or TypeScript highlighting.
 */
export default function CodeEditor({
  value,
  onChange,
  label,
  marked = [],
  minRows = 4,
  maxRows = 24,
  language = "typescript",
}: Props): React.ReactElement {
  const gutter = useRef<HTMLPreElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const [cm, setCm] = useState<EditorHandle | null>(null);
  const loading = useRef(false);
  // What CodeMirror starts from and calls back with: the latest props, not the first render's.
  const latest = useRef({ value, onChange, marked });
  latest.current = { value, onChange, marked };
  useEffect(() => {
    cm?.setValue(value);
  }, [cm, value]);
  useEffect(() => {
    cm?.setMarked(marked);
  }, [cm, marked]);
  useEffect(() => () => cm?.destroy(), [cm]);
  const upgrade = (at: number) => {
    if (loading.current) return;
    loading.current = true;
    void import("./cm").then(
      ({ mountEditor }) => {
        if (!host.current) return;
        const h = mountEditor(host.current, {
          value: latest.current.value,
          language,
          label,
          marked: latest.current.marked,
          onChange: (text) => latest.current.onChange(text),
        });
        setCm(h);
        h.focus(at);
      },
      () => {
        loading.current = false;
      },
    );
  };
  if (cm) return <div className={styles.code} ref={host} data-code-editor="codemirror" />;
  const lines = value.split("\n");
  const rows = Math.max(minRows, Math.min(maxRows, lines.length + 1));
  const bad = new Set(marked);
  return (
    <div className={styles.code} ref={host} data-code-editor="">
      <pre className={styles.gutter} aria-hidden="true" ref={gutter}>
        {lines.map((_, i) => (
          <span
            key={i}
            className={bad.has(i + 1) ? styles.marked : undefined}
            {...(bad.has(i + 1) && { "data-marked-line": i + 1 })}
          >
            {i + 1}
            {"\n"}
          </span>
        ))}
      </pre>
      <textarea
        className={styles.editor}
        aria-label={label}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        value={value}
        rows={rows}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        onKeyDown={(e) => {
          if (e.key !== "Tab" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          const t = e.currentTarget;
          const { selectionStart: a, selectionEnd: b } = t;
          onChange(value.slice(0, a) + "  " + value.slice(b));
          requestAnimationFrame(() => t.setSelectionRange(a + 2, a + 2));
        }}
        onChange={(e) => onChange(e.target.value)}
        onFocus={(e) => upgrade(e.currentTarget.selectionStart)}
      />
    </div>
  );
}
