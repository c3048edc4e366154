// Change: wraps the app in RunnerProvider, so live examples and the playground share one
// run worker per tab.
import React from "react";
import { RunnerProvider } from "@site/src/components/Runner/RunnerProvider";

export default function Root({ children }: { children: React.ReactNode }): React.ReactElement {
  return <RunnerProvider>{children}</RunnerProvider>;
}
