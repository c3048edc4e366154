import React, { createContext, useContext, useEffect, useRef } from "react";
import { WorkerRunner } from "./runner";

const RunnerContext = createContext<(() => WorkerRunner) | null>(null);

/** Holds the page's one run worker, created on first use and ended with the app. */
export function RunnerProvider({ children }: { children: React.ReactNode }): React.ReactElement {
  const ref = useRef<WorkerRunner | null>(null);
  useEffect(() => () => ref.current?.dispose(), []);
  const get = () =>
    (ref.current ??= new WorkerRunner(
      () => new Worker(new URL("./run.worker.ts", import.meta.url), { type: "module" }),
    ));
  return <RunnerContext.Provider value={get}>{children}</RunnerContext.Provider>;
}

/** The worker runner; call it in an effect or handler (it makes the worker). */
export function useRunner(): () => WorkerRunner {
  const get = useContext(RunnerContext);
  if (!get) throw new Error("useRunner outside RunnerProvider (src/theme/Root)");
  return get;
}
