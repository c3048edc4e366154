import React from "react";
import Heading from "@theme/Heading";
import type { SmcccCheckView, SmcccView } from "@xen-abi/guidelines/views";
import XenSourceText from "../XenSource";

function Checks({ checks }: { checks: readonly SmcccCheckView[] }): React.ReactElement | null {
  if (checks.length === 0) return null;
  return (
    <ul>
      {checks.map((c) => (
        <li key={c.id}>
          <code>{c.result}</code>
          {c.value !== undefined && <> ({c.value})</>}: {c.when}{" "}
          <small>
            <code>{c.id}</code>, <XenSourceText text={c.xen} />
            {c.since && <>, from {c.since}</>}
            {c.untestable && <>; not reachable in the model: {c.untestable}</>}
          </small>
        </li>
      ))}
    </ul>
  );
}

/**
 * The SMCCC and PSCI functions `hvc #0` reaches on Arm: which the machine answers, and every
 * result named as PSCI and SMCCC name it (never as an errno).
 */
export default function Smccc({ smccc }: { smccc: SmcccView }): React.ReactElement {
  return (
    <>
      <Heading as="h2" id="smccc">
        SMCCC and PSCI over hvc #0
      </Heading>
      <p>
        <code>hvc #0</code> is an SMCCC call: the function ID is in x0/r0 and the answer comes back
        there. Its results are PSCI's and SMCCC's codes, named as they name them, not errnos. Before
        any function runs:
      </p>
      <Checks checks={smccc.entryChecks} />
      <table className="xa-table" data-smccc="">
        <thead>
          <tr>
            <th>function</th>
            <th>ID</th>
            <th>runs</th>
            <th>answers</th>
          </tr>
        </thead>
        <tbody>
          {smccc.functions.map((f) => (
            <tr key={f.fid}>
              <td>
                <code>{f.name}</code>
                {f.since && <small> (from {f.since})</small>}
                <br />
                <small>
                  <XenSourceText text={f.xen} />
                </small>
              </td>
              <td>
                <code>{f.fid}</code>
              </td>
              <td>{f.modelled ? "yes" : "unmodelled"}</td>
              <td>
                {f.results.join(", ")}
                {f.note && <small>; {f.note}</small>}
                <Checks checks={f.checks} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
