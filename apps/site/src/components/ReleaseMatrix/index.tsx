import React, { useEffect, useRef, useState } from "react";
import { useRunner } from "../Runner/RunnerProvider";
import { useInView } from "../Runner/useInView";
import MatrixTable from "./MatrixTable";
import type { MatrixView } from "./model";

type State =
  | { kind: "running" }
  | { kind: "error"; message: string }
  | { kind: "view"; view: MatrixView; id: number };

/**
 * Run `scenario` (YAML) under every release `releases` names (the `--releases` syntax:
 * `4.12..4.22`, `4.16.0..4.17`, `all`, a list) in the run worker and show the matrix.
 * `data-render-ms` on the matrix is the time from the request to the rendered table. A new
 * `request` (the playground's Run) runs it again even when scenario and releases are the same.
 */
export function useReleaseMatrix(
  scenario: string | null,
  releases: string,
  request = 0,
): State | null {
  const runner = useRunner();
  const [state, setState] = useState<State | null>(null);
  const started = useRef(0);
  const runs = useRef(0);
  useEffect(() => {
    if (scenario === null || releases === "") {
      setState(null);
      return;
    }
    let live = true;
    setState({ kind: "running" });
    started.current = performance.now();
    void runner()
      .run({ kind: "matrix", text: scenario, releases })
      .then((r) => {
        if (!live) return;
        if ("timeout" in r) setState({ kind: "error", message: `stopped after ${r.ms / 1000} s` });
        else if (!r.ok) setState({ kind: "error", message: r.message });
        else if (r.matrix) setState({ kind: "view", view: r.matrix, id: (runs.current += 1) });
      });
    return () => {
      live = false;
    };
  }, [scenario, releases, request, runner]);
  return state;
}

/** The matrix of a state, with the time it took to run and render it. */
export function MatrixState({ state }: { state: State | null }): React.ReactElement | null {
  const box = useRef<HTMLDivElement>(null);
  const [startedAt] = useState(() => ({ t: 0 }));
  if (state?.kind === "running") startedAt.t = performance.now();
  useEffect(() => {
    if (state?.kind === "view" && box.current) {
      box.current.setAttribute("data-render-ms", (performance.now() - startedAt.t).toFixed(1));
      box.current.setAttribute("data-matrix-id", String(state.id));
    }
  }, [state, startedAt]);
  if (state === null) return null;
  if (state.kind === "running") return <p>running under every release…</p>;
  if (state.kind === "error")
    return (
      <p className="alert alert--danger" data-matrix-error="">
        {state.message}
      </p>
    );
  return (
    <div ref={box} data-matrix-box="">
      <p>
        {state.view.releases.length} releases:{" "}
        {state.view.differing === 0
          ? "every step gives the same result in each."
          : `${state.view.differing} step${state.view.differing === 1 ? "" : "s"} differ; the highlighted cell is the first release with the new result.`}
      </p>
      <MatrixTable view={state.view} />
    </div>
  );
}

/**
 * For docs pages: a scenario's release matrix, run live in the reader's browser once on screen
 * (useInView: after the reader's first scroll, key or click) or on Run.
 */
export default function ReleaseMatrix({
  scenario,
  releases,
}: {
  scenario: string;
  releases: string;
}): React.ReactElement {
  const [box, inView] = useInView<HTMLDivElement>();
  const [asked, setAsked] = useState(false);
  const run = inView || asked;
  const state = useReleaseMatrix(run ? scenario : null, releases);
  return (
    <div ref={box} className="margin-bottom--md" data-live-matrix={releases}>
      {!run && (
        <p>
          The release matrix runs here when you scroll to it, or{" "}
          <button
            type="button"
            className="button button--primary button--sm"
            onClick={() => setAsked(true)}
          >
            Run
          </button>
        </p>
      )}
      <MatrixState state={state} />
    </div>
  );
}
