export { ScenarioError } from "./error.js";
export * from "./schema.js";
export type { ScenarioStructs, ScenarioField } from "./structs.js";
export { scenarioStructs } from "./struct-codec.js";
export { parseNumberForm, toUnsigned, toSigned, hexAt } from "./numbers.js";
export { parseByteString, formatBytes } from "./bytes.js";
export { formatPath } from "./load.js";
export type { Path, PathSeg, Position } from "./load.js";
export { validateScenario, modeWithArticle } from "./validate.js";
export { runScenario, smcccFidOf, withErrno, withResultName } from "./run.js";
export type { RunOptions, ScenarioResult, StepResult } from "./run.js";
export { parseScenario } from "./parse.js";
export { nearestNames } from "./nearest.js";
export { runMatrix, withRelease, differencesBetween, cellKey } from "./matrix.js";
export type { ScenarioMatrix, MatrixRow, MatrixCell, MatrixChange } from "./matrix.js";
export {
  formatMatrixText,
  matrixJson,
  expandReleaseList,
  cellText,
  changeText,
  unlistedChangeText,
} from "./matrix-format.js";
export {
  formatResultText,
  formatResultJson,
  formatFileText,
  formatSummary,
  resultJson,
  exitStatus,
} from "./format.js";
export type { FileOutcome, FormatOptions } from "./format.js";
