/** The fuzzer's one failure: a guarantee of Xen's Argo design that did not hold. */
export class InvariantViolation extends Error {}

export function fail(msg: string): never {
  throw new InvariantViolation(msg);
}
