/**
 * The proposal form's building blocks: inputs that show, right under them, the lint findings
 * for their place in the proposal (as the user types), and the lists of rows.
 */
import React, { createContext, useContext } from "react";
import type { Finding } from "../../data/client";
import styles from "./styles.module.css";

/** Findings by slot key (model.ts slotFor). */
export const FindingsContext = createContext<ReadonlyMap<string, readonly Finding[]>>(new Map());

/** The findings placed at one slot, inline. */
export function Slot({ at }: { at: string }): React.ReactElement | null {
  const list = useContext(FindingsContext).get(at);
  if (!list || list.length === 0) return null;
  return (
    <ul className={styles.inlineFindings} data-slot={at}>
      {list.map((f, i) => (
        <li
          key={i}
          data-inline-lint={f.ruleId}
          className={f.severity === "error" ? styles.error : styles.warning}
        >
          {f.message} <code>[{f.ruleId}]</code>
        </li>
      ))}
    </ul>
  );
}

/** Marks an input whose slot has an error, for styling and assistive technology. */
function useInvalid(at: string): boolean {
  return (useContext(FindingsContext).get(at) ?? []).some((f) => f.severity === "error");
}

interface TextProps {
  label: string;
  at: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  wide?: boolean;
  inputMode?: "numeric" | "text";
}

/** A labelled text input with its findings. */
export function Text({
  label,
  at,
  value,
  onChange,
  placeholder,
  wide,
  inputMode,
}: TextProps): React.ReactElement {
  const invalid = useInvalid(at);
  return (
    <div className={wide ? styles.fieldWide : styles.field}>
      <label>
        <span className={styles.label}>{label}</span>
        <input
          aria-label={label}
          aria-invalid={invalid || undefined}
          data-at={at}
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <Slot at={at} />
    </div>
  );
}

/** A labelled select with its findings. */
export function Select<T extends string>({
  label,
  at,
  value,
  options,
  onChange,
}: {
  label: string;
  at: string;
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
}): React.ReactElement {
  return (
    <div className={styles.field}>
      <label>
        <span className={styles.label}>{label}</span>
        <select
          aria-label={label}
          data-at={at}
          value={value}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <Slot at={at} />
    </div>
  );
}

/** A labelled checkbox with its findings. */
export function Check({
  label,
  at,
  checked,
  onChange,
}: {
  label: string;
  at: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}): React.ReactElement {
  return (
    <div className={styles.field}>
      <label className={styles.checkLabel}>
        <input
          type="checkbox"
          aria-label={label}
          data-at={at}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />{" "}
        {label}
      </label>
      <Slot at={at} />
    </div>
  );
}

/** A small secondary button (add a row). */
export function AddButton({
  children,
  onClick,
}: {
  children: React.ReactNode;
  onClick: () => void;
}): React.ReactElement {
  return (
    <button type="button" className="button button--sm button--secondary" onClick={onClick}>
      {children}
    </button>
  );
}

/** The "remove" link of one row; its label names the row. */
export function RemoveButton({
  label,
  onClick,
}: {
  label: string;
  onClick: () => void;
}): React.ReactElement {
  return (
    <button
      type="button"
      aria-label={label}
      className="button button--sm button--link"
      onClick={onClick}
    >
      remove
    </button>
  );
}

/** One row of a list (a parameter, a sub-op, an error): a box with its own findings. */
export function Row({
  at,
  title,
  onRemove,
  children,
}: {
  at: string;
  title: string;
  onRemove: () => void;
  children: React.ReactNode;
}): React.ReactElement {
  return (
    <div className={styles.rowBox} data-row={at}>
      <div className={styles.rowHead}>
        <strong>{title}</strong>
        <RemoveButton label={`remove ${title}`} onClick={onRemove} />
      </div>
      <div className={styles.rowFields}>{children}</div>
      <Slot at={at} />
    </div>
  );
}
