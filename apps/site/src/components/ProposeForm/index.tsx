import React, { useEffect, useMemo, useState } from "react";
import { stringify } from "yaml";
import { loadProposalTools, type Finding, type ProposalTools } from "../../data/client";
import { GUESTS, INITIAL, toProposal, type FormState, type ParamRow } from "./model";
import styles from "./styles.module.css";

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The "remove" link of one row of the parameter or sub-op list. */
function RemoveButton({ onClick }: { onClick: () => void }): React.ReactElement {
  return (
    <button type="button" className="button button--sm button--link" onClick={onClick}>
      remove
    </button>
  );
}

/** Build a hypercall proposal, lint it as you type, take away its YAML and C. */
export default function ProposeForm(): React.ReactElement {
  const [s, setS] = useState<FormState>(INITIAL);
  const [tools, setTools] = useState<ProposalTools | null>(null);
  const [checked, setChecked] = useState(0);
  useEffect(() => {
    void loadProposalTools().then(setTools);
  }, []);
  const yamlText = useMemo(() => stringify(toProposal(s)), [s]);
  const findings: Finding[] = useMemo(() => (tools ? tools.lint(yamlText) : []), [tools, yamlText]);
  const c = useMemo(() => (tools ? tools.renderC(yamlText) : undefined), [tools, yamlText]);
  const errors = findings.filter((f) => f.severity === "error");

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setS({ ...s, [k]: v });
  const removeAt = <K extends "params" | "subops">(k: K, i: number) =>
    set(k, s[k].filter((_, j) => j !== i) as FormState[K]);
  const setParam = (i: number, p: Partial<ParamRow>) =>
    set(
      "params",
      s.params.map((x, j) => (j === i ? { ...x, ...p } : x)),
    );

  return (
    <form
      className={styles.form}
      data-proposal-state={tools ? (errors.length ? "errors" : "clean") : "loading"}
      onSubmit={(e) => {
        e.preventDefault();
        setChecked(checked + 1);
      }}
    >
      <div className={styles.grid}>
        <fieldset>
          <legend>Hypercall</legend>
          <label>
            name <input name="name" value={s.name} onChange={(e) => set("name", e.target.value)} />
          </label>
          <label>
            number (optional){" "}
            <input name="number" value={s.number} onChange={(e) => set("number", e.target.value)} />
          </label>
          <label>
            summary{" "}
            <input
              name="summary"
              value={s.summary}
              onChange={(e) => set("summary", e.target.value)}
            />
          </label>
          <label>
            sub-op prefix{" "}
            <input
              name="subopPrefix"
              value={s.subopPrefix}
              onChange={(e) => set("subopPrefix", e.target.value)}
            />
          </label>
          <div>
            guests:{" "}
            {GUESTS.map((g) => (
              <label key={g} className={styles.inline}>
                <input
                  type="checkbox"
                  checked={s.guests.includes(g)}
                  onChange={(e) =>
                    set(
                      "guests",
                      e.target.checked ? [...s.guests, g] : s.guests.filter((x) => x !== g),
                    )
                  }
                />{" "}
                {g}
              </label>
            ))}
          </div>
          <h4>Parameters</h4>
          {s.params.map((p, i) => (
            <div key={i} className={styles.row}>
              <input
                aria-label={`param ${i + 1} name`}
                name={`param-${i}-name`}
                value={p.name}
                onChange={(e) => setParam(i, { name: e.target.value })}
              />
              <input
                aria-label={`param ${i + 1} type`}
                name={`param-${i}-type`}
                value={p.type}
                onChange={(e) => setParam(i, { type: e.target.value })}
              />
              <input
                aria-label={`param ${i + 1} meaning`}
                value={p.meaning}
                onChange={(e) => setParam(i, { meaning: e.target.value })}
              />
              <select
                aria-label={`param ${i + 1} check`}
                value={p.check}
                onChange={(e) => setParam(i, { check: e.target.value as ParamRow["check"] })}
              >
                <option>none</option>
                <option>range-checked</option>
                <option>must-be-zero</option>
              </select>
              <RemoveButton onClick={() => removeAt("params", i)} />
            </div>
          ))}
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={() =>
              set("params", [
                ...s.params,
                {
                  name: `arg${s.params.length}`,
                  type: "unsigned int",
                  meaning: "An argument.",
                  check: "none",
                },
              ])
            }
          >
            add parameter
          </button>
          <h4>Sub-ops</h4>
          {s.subops.map((o, i) => (
            <div key={i} className={styles.row}>
              <input
                aria-label={`sub-op ${i + 1} name`}
                value={o.name}
                onChange={(e) =>
                  set(
                    "subops",
                    s.subops.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                  )
                }
              />
              <input
                aria-label={`sub-op ${i + 1} value`}
                type="number"
                value={o.value}
                onChange={(e) =>
                  set(
                    "subops",
                    s.subops.map((x, j) => (j === i ? { ...x, value: Number(e.target.value) } : x)),
                  )
                }
              />
              <input
                aria-label={`sub-op ${i + 1} summary`}
                value={o.summary}
                onChange={(e) =>
                  set(
                    "subops",
                    s.subops.map((x, j) => (j === i ? { ...x, summary: e.target.value } : x)),
                  )
                }
              />
              <RemoveButton onClick={() => removeAt("subops", i)} />
            </div>
          ))}
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={() =>
              set("subops", [
                ...s.subops,
                {
                  name: `op${s.subops.length + 1}`,
                  value: s.subops.length + 1,
                  summary: "What it does.",
                },
              ])
            }
          >
            add sub-op
          </button>
          <div className="margin-top--md">
            <button type="submit" className="button button--primary">
              Check proposal
            </button>
          </div>
        </fieldset>
        <div>
          <h4>
            Lint{" "}
            {tools
              ? `(${errors.length} errors, ${findings.length - errors.length} warnings)`
              : "(loading…)"}
          </h4>
          <ul className={styles.findings} data-checked={checked}>
            {findings.map((f, i) => (
              <li
                key={i}
                data-lint-message={f.ruleId}
                className={f.severity === "error" ? styles.error : styles.warning}
              >
                {f.line}:{f.column} {f.message} <code>[{f.ruleId}]</code>
              </li>
            ))}
            {tools && findings.length === 0 && (
              <li data-lint-clean="">
                No findings: the proposal follows every rule the linter checks.
              </li>
            )}
          </ul>
          <h4>proposal.yaml</h4>
          <pre data-proposal-yaml="">{yamlText}</pre>
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={() => void navigator.clipboard.writeText(yamlText)}
          >
            Copy YAML
          </button>{" "}
          <button
            type="button"
            className="button button--sm button--secondary"
            onClick={() => download(`${s.name || "proposal"}.yaml`, yamlText)}
          >
            Download YAML
          </button>
          <h4>Generated C</h4>
          {c === undefined ? (
            <p>Fix the errors above to see the C.</p>
          ) : (
            <pre data-proposal-c="">{c}</pre>
          )}
          {c !== undefined && (
            <>
              <button
                type="button"
                className="button button--sm button--secondary"
                onClick={() => void navigator.clipboard.writeText(c)}
              >
                Copy C
              </button>{" "}
              <button
                type="button"
                className="button button--sm button--secondary"
                onClick={() => download(`${s.name || "proposal"}.h`, c)}
              >
                Download C
              </button>
            </>
          )}
        </div>
      </div>
    </form>
  );
}
