import React, { useEffect, useMemo, useState } from "react";
import { stringify } from "yaml";
import { loadProposalTools, type Finding, type ProposalTools } from "../../data/client";
import {
  INITIAL,
  decodeState,
  encodeState,
  slotFor,
  slotKeys,
  toProposal,
  type FormState,
} from "./model";
import { FindingsContext, Slot } from "./fields";
import {
  FlagsSection,
  HypercallSection,
  ParamsSection,
  StructsSection,
  SubopsSection,
  type Edit,
} from "./sections";
import styles from "./styles.module.css";

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** A generated text with its copy and download buttons. */
function Output({
  title,
  file,
  text,
  attr,
}: {
  title: string;
  file: string;
  text: string;
  attr: string;
}): React.ReactElement {
  return (
    <section className={styles.output}>
      <h4>{title}</h4>
      <pre {...{ [attr]: "" }}>{text}</pre>
      <button
        type="button"
        className="button button--sm button--secondary"
        onClick={() => void navigator.clipboard.writeText(text)}
      >
        Copy
      </button>{" "}
      <button
        type="button"
        className="button button--sm button--secondary"
        onClick={() => download(file, text)}
      >
        Download
      </button>
    </section>
  );
}

/** The state the URL hash holds, else the starting proposal. */
function initialState(): FormState {
  const m = /^#p=(.+)$/.exec(window.location.hash);
  return (m && decodeState(m[1]!)) || INITIAL;
}

/**
 * Build a hypercall proposal; every field shows the linter's findings for it as you type;
 * the state lives in the URL; take away the YAML, the public-header snippet and the
 * hypercall-defs.c lines.
 */
export default function ProposeForm(): React.ReactElement {
  const [s, setS] = useState<FormState>(initialState);
  const [tools, setTools] = useState<ProposalTools | null>(null);
  useEffect(() => {
    void loadProposalTools().then(setTools);
  }, []);
  useEffect(() => {
    window.history.replaceState(null, "", `#p=${encodeState(s)}`);
  }, [s]);
  const edit: Edit = (fn) =>
    setS((prev) => {
      const draft = structuredClone(prev);
      fn(draft);
      return draft;
    });

  const yamlText = useMemo(() => stringify(toProposal(s), { lineWidth: 100 }), [s]);
  const result = useMemo(() => tools?.check(yamlText), [tools, yamlText]);
  const findings: readonly Finding[] = result?.findings ?? [];
  const placed = useMemo(() => {
    const slots = slotKeys(s);
    const map = new Map<string, Finding[]>();
    for (const f of findings) {
      const k = slotFor(f.path, slots);
      map.set(k, [...(map.get(k) ?? []), f]);
    }
    return map;
  }, [s, findings]);
  const errors = findings.filter((f) => f.severity === "error");
  const base = s.name.trim() || "proposal";

  return (
    <FindingsContext.Provider value={placed}>
      <form
        className={styles.form}
        data-proposal-state={tools ? (errors.length ? "errors" : "clean") : "loading"}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className={styles.grid}>
          <div>
            <Slot at="" />
            <HypercallSection s={s} edit={edit} />
            <ParamsSection s={s} edit={edit} />
            <SubopsSection s={s} edit={edit} />
            <StructsSection s={s} edit={edit} />
            <FlagsSection s={s} edit={edit} />
            <button
              type="button"
              className="button button--sm button--outline button--secondary margin-top--sm"
              onClick={() => setS(INITIAL)}
            >
              Start over
            </button>
          </div>
          <div className={styles.results}>
            <h4 data-lint-summary="">
              Lint{" "}
              {tools
                ? `(${errors.length} errors, ${findings.length - errors.length} warnings)`
                : "(loading…)"}
            </h4>
            <ul className={styles.findings}>
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
            <Output
              title="proposal.yaml"
              file={`${base}.yaml`}
              text={yamlText}
              attr="data-proposal-yaml"
            />
            {result?.header !== undefined && result.hypercallDefs !== undefined ? (
              <>
                <Output
                  title="Public header (xen/include/public/)"
                  file={`${base}.h`}
                  text={result.header}
                  attr="data-proposal-header"
                />
                <Output
                  title="xen/include/hypercall-defs.c"
                  file="hypercall-defs.c"
                  text={result.hypercallDefs}
                  attr="data-proposal-defs"
                />
              </>
            ) : (
              <p>Fix the errors above to see the C.</p>
            )}
          </div>
        </div>
      </form>
    </FindingsContext.Provider>
  );
}
