import React from "react";
import Link from "@docusaurus/Link";
import type { ModeCall } from "@xen-abi/guidelines/views";
import Prose from "../Prose";
import { SpanNote } from "../ReleaseFacts";

/**
 * The thread's question for one argument: what Xen does with the bits above its width, per
 * release, as the machine answered it with them set.
 */
function TopHalf({ facts }: { facts: ModeCall["args"][number]["topHalf"] }): React.ReactElement {
  if (facts.length === 0) return <></>;
  return (
    <ul className="xa-top-half" data-top-half="">
      {facts.map((f) => (
        <li key={f.releases} data-fate={f.fate}>
          <small>
            bits above its width, {f.releases}: {f.text}
          </small>
        </li>
      ))}
    </ul>
  );
}

/** Per guest mode: the handler Xen calls, and for each argument its register, width and fate. */
export default function ModeTable({ modes }: { modes: readonly ModeCall[] }): React.ReactElement {
  return (
    <table className="xa-table" data-testid="mode-table">
      <thead>
        <tr>
          <th>guest mode</th>
          <th>Xen</th>
          <th>handler</th>
          <th>number</th>
          <th>argument</th>
          <th>register</th>
          <th>C type</th>
          <th>what Xen does with the bits</th>
        </tr>
      </thead>
      <tbody>
        {modes.map((m) => {
          const key = `${m.mode}-${m.xen}`;
          if (m.handler === null)
            return (
              <tr key={key}>
                <td>
                  <Link to={`/abi/${m.mode}`}>{m.mode}</Link>
                </td>
                <td>{m.xen}</td>
                <td colSpan={6}>
                  no handler: {m.resultReg} = -ENOSYS <SpanNote span={m.span} />
                </td>
              </tr>
            );
          const span = Math.max(1, m.args.length);
          const first = (
            <>
              <td rowSpan={span}>
                <Link to={`/abi/${m.mode}`}>{m.mode}</Link>
              </td>
              <td rowSpan={span}>{m.xen}</td>
              <td rowSpan={span}>
                <code>{m.handler}</code>
                <br />
                <small>
                  {m.nargs} {m.nargs === 1 ? "arg" : "args"}
                </small>{" "}
                <SpanNote span={m.span} />
              </td>
              <td rowSpan={span}>
                <code>{m.numberReg}</code>
              </td>
            </>
          );
          if (m.args.length === 0)
            return (
              <tr key={key}>
                {first}
                <td colSpan={4}>no arguments</td>
              </tr>
            );
          return m.args.map((a, i) => (
            <tr key={`${key}-${a.index}`} data-arg={a.param}>
              {i === 0 && first}
              <td>
                {a.index}: <code>{a.param}</code>
              </td>
              <td>
                <code>{a.register}</code> <small>({a.xenBits} bits read)</small>
              </td>
              <td>
                <code>{a.ctype}</code>
              </td>
              <td>
                <strong>{a.handling}</strong>: <Prose text={a.summary} />
                {a.note && (
                  <>
                    <br />
                    <small>
                      <Prose text={a.note} />
                    </small>
                  </>
                )}
                <TopHalf facts={a.topHalf} />
              </td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}
