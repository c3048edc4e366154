/**
 * `xen-abi run --release R` (every file on one release) and `--releases LIST` (every file on
 * each release, as a matrix). Kept apart from run.ts so the single-release report stays as the
 * scenario spec gives it.
 */
import {
  expandReleaseList,
  formatMatrixText,
  matrixJson,
  runMatrix,
  runScenario,
  withRelease,
  ScenarioError,
  type FileOutcome,
  type Release,
  type ScenarioMatrix,
} from "@xen-abi/abi-core";
import { expandScenarioPaths, loadScenarioFile } from "@xen-abi/abi-core/node";

/** Load, override the release, run; an invalid file is its ScenarioError. */
export function runFilesOnRelease(
  paths: readonly string[],
  release: Release,
  trace: boolean,
): FileOutcome[] {
  return expandScenarioPaths(paths).map((file) => {
    try {
      return runScenario(withRelease(loadScenarioFile(file), release), { trace });
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      return new ScenarioError(file, "", `internal error: ${(e as Error).message}`);
    }
  });
}

export interface MatrixOutput {
  readonly status: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every file under every release of `spec`: text matrices, or `--json`. */
export function runReleaseMatrix(
  paths: readonly string[],
  spec: string,
  json: boolean,
): MatrixOutput {
  const releases = expandReleaseList(spec);
  if (typeof releases === "string")
    return { status: 2, stdout: "", stderr: `xen-abi run: --releases: ${releases}\n` };
  const matrices: ScenarioMatrix[] = [];
  const errors: ScenarioError[] = [];
  for (const file of expandScenarioPaths(paths)) {
    try {
      matrices.push(runMatrix(loadScenarioFile(file), releases));
    } catch (e) {
      errors.push(
        e instanceof ScenarioError
          ? e
          : new ScenarioError(file, "", `internal error: ${(e as Error).message}`),
      );
    }
  }
  const stderr = errors.map((e) => `${e.message}\n`).join("");
  const status = errors.length > 0 ? 2 : matrices.every((m) => m.ok) ? 0 : 1;
  if (json) {
    const doc = {
      ok: status === 0,
      releases,
      files: [
        ...matrices.map(matrixJson),
        ...errors.map((e) => ({ file: e.file, ok: false, error: e.message })),
      ],
    };
    return { status, stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr };
  }
  const passed = matrices.filter((m) => m.ok).length;
  const summary =
    `files: ${passed} passed on every release, ${matrices.length - passed} failed on some` +
    `${errors.length > 0 ? `, ${errors.length} invalid` : ""}; releases: ${releases.join(", ")}`;
  const stdout = [...matrices.map(formatMatrixText), summary].join("\n\n") + "\n";
  return { status, stdout, stderr };
}
