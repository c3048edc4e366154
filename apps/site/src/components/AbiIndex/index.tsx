import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import type { ModePageData } from "@xen-abi/guidelines/views";

/** The six guest modes side by side: how each one makes a hypercall. */
export default function AbiIndex({
  data,
}: {
  data: { modes: readonly ModePageData[] };
}): React.ReactElement {
  return (
    <Layout
      title="Hypercall ABI per guest mode"
      description="Registers, instruction, poison values and handle sizes per guest mode"
    >
      <main className="container margin-vert--lg">
        <h1>Hypercall ABI per guest mode</h1>
        <table className="xa-table">
          <thead>
            <tr>
              <th>mode</th>
              <th>Xen</th>
              <th>instruction</th>
              <th>number</th>
              <th>arguments 1–5</th>
              <th>result</th>
              <th>debug poison</th>
              <th>handle (arg / in struct)</th>
            </tr>
          </thead>
          <tbody>
            {data.modes.map((m) => (
              <tr key={m.mode}>
                <td>
                  <Link to={`/abi/${m.mode}`}>{m.mode}</Link>
                </td>
                <td>{m.xenArches.join(", ")}</td>
                <td>
                  <code>{m.instruction}</code>
                </td>
                <td>
                  <code>{m.numberReg}</code>
                </td>
                <td>
                  <code>{m.argRegs.join(" ")}</code>
                </td>
                <td>
                  <code>{m.resultReg}</code>
                </td>
                <td>
                  <code>{m.poison.args}</code>
                </td>
                <td>
                  {m.handleParamBytes} / {m.handleStructBytes} bytes
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </Layout>
  );
}
