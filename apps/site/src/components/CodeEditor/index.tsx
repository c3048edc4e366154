import React, { useRef } from "react";
import styles from "./styles.module.css";

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  /** 1-based lines to mark as failing. */
  readonly marked?: readonly number[];
  readonly minRows?: number;
  readonly maxRows?: number;
}

/**
 * A code editor: the text with line numbers, failing lines marked in the gutter, indentation
 * kept (Tab inserts two spaces), and scrolling inside itself rather than widening the page.
 */
export default function CodeEditor({
  value,
  onChange,
  label,
  marked = [],
  minRows = 4,
  maxRows = 24,
}: Props): React.ReactElement {
  const gutter = useRef<HTMLPreElement>(null);
  const lines = value.split("\n");
  const rows = Math.max(minRows, Math.min(maxRows, lines.length + 1));
  const bad = new Set(marked);
  return (
    <div className={styles.code} data-code-editor="">
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
      />
    </div>
  );
}
