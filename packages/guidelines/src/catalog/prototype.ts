/** The native prototype of a hypercall, and the file-name convention of its document. */
import { type HypercallRecord, type Release } from "@xen-abi/abi-core";
import { prototypeAt, type HandlerPrefix, type Prototype } from "@xen-abi/abi-core/table";

const PREFIX_ORDER: readonly HandlerPrefix[] = ["do", "do_arm", "hvm", "compat", "dep"];

/** The native prototype in a release, or in the last release that had one (removed hypercalls). */
export function nativePrototype(h: HypercallRecord, release: Release): Prototype | undefined {
  const rels: Release[] = [release];
  if (h.lastRelease !== undefined) rels.push(h.lastRelease);
  for (const r of rels) {
    for (const p of PREFIX_ORDER) {
      const proto = prototypeAt(h, r, p);
      if (proto) return proto;
    }
  }
  return undefined;
}

/** `data/hypercalls/argo_op.yaml` -> `argo_op`. */
export function docNameOf(file: string): string {
  return (file.split("/").pop() ?? file).replace(/\.ya?ml$/, "");
}
