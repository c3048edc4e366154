import React from "react";
import Link from "@docusaurus/Link";
import type { ModeCall } from "@xen-abi/guidelines/views";

/**
 * What `xen-abi show` prints first: per guest mode, the register carrying the number and each
 * argument, with the argument's width there. A compact matrix above the detailed table.
 */
export default function ShowMatrix({ modes }: { modes: readonly ModeCall[] }): React.ReactElement {
  const n = Math.max(0, ...modes.map((m) => m.args.length));
  return (
    <div className="xa-scroll">
      <table className="xa-table xa-matrix" data-testid="show-matrix">
        <thead>
          <tr>
            <th>mode</th>
            <th>Xen</th>
            <th>number</th>
            {Array.from({ length: n }, (_, i) => (
              <th key={i}>arg {i + 1}</th>
            ))}
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          {modes.map((m) => (
            <tr key={`${m.mode}-${m.xen}`}>
              <td>
                <Link to={`/abi/${m.mode}`}>{m.mode}</Link>
              </td>
              <td>{m.xen}</td>
              <td>
                <code>{m.numberReg}</code>
              </td>
              {m.handler === null ? (
                <td colSpan={n + 1}>no handler: -ENOSYS</td>
              ) : (
                <>
                  {Array.from({ length: n }, (_, i) => {
                    const a = m.args[i];
                    return (
                      <td key={i}>
                        {a && (
                          <>
                            <code>{a.register}</code> <small>{a.bits}-bit</small>
                          </>
                        )}
                      </td>
                    );
                  })}
                  <td>
                    <code>{m.resultReg}</code>
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
