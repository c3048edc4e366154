import React from "react";
import Heading from "@theme/Heading";
import type { HypercallModel, SubopModel } from "@xen-abi/guidelines/views";

function List({ subops }: { subops: readonly SubopModel[] }): React.ReactElement {
  return (
    <>
      {subops.map((s, i) => (
        <React.Fragment key={s.name}>
          {i > 0 && ", "}
          <code>{s.name}</code> <small>({s.number})</small>
        </React.Fragment>
      ))}
    </>
  );
}

/**
 * What the reference machine does with this hypercall: which sub-ops it runs and which it
 * reports as `unmodelled` (never a made-up errno). From the machine's record.
 */
export default function ModelSection({
  name,
  model,
}: {
  name: string;
  model: HypercallModel;
}): React.ReactElement {
  return (
    <>
      <Heading as="h2" id="model">
        In the reference machine
      </Heading>
      {!model.handled ? (
        <p data-model="none">
          Not modelled: a call reports <code>unmodelled: {name}</code> and no result.
        </p>
      ) : model.runs.length === 0 && model.unmodelled.length === 0 ? (
        <p data-model="all">Modelled: the machine answers it as Xen does.</p>
      ) : (
        <ul data-model="subops">
          {model.runs.length > 0 && (
            <li>
              Runs: <List subops={model.runs} />.
            </li>
          )}
          {model.unmodelled.length > 0 && (
            <li>
              Reported <code>unmodelled: {name}/&lt;sub-op&gt;</code> (its checks may run first):{" "}
              <List subops={model.unmodelled} />.
            </li>
          )}
        </ul>
      )}
    </>
  );
}
