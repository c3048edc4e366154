/**
 * A scenario that cannot run: unreadable, not valid syntax, or not a valid scenario. Its
 * message is one line, `FILE:LINE:COL: PATH: REASON` (position and path when known), which is
 * what `xen-abi run` prints before exiting with status 2.
 */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  /** The JSON path of the offending value (`steps[3].regs.x99`); empty for the whole file. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  /** The message without file, position and path. */
  readonly reason: string;

  constructor(
    readonly file: string,
    path: string,
    reason: string,
    pos?: { readonly line: number; readonly column: number },
  ) {
    const where = pos ? `${file}:${pos.line}:${pos.column}` : file;
    super(`${where}: ${path === "" ? "" : `${path}: `}${reason}`.replace(/\n/g, " "));
    this.path = path;
    this.reason = reason;
    if (pos) {
      this.line = pos.line;
      this.column = pos.column;
    }
  }
}
