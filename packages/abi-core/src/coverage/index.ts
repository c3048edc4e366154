/** @xen-abi/abi-core/coverage: which checks the tests and scenarios exercise. */
export * from "./checks.js";
