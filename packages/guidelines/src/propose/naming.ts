/** Sub-op names: one convention for the CLI, the site's form, the linter and the header stub. */

/**
 * The one convention for sub-op names (the CLI's propose, the site's form, the header stub):
 * the prefix is `XEN_<NAME without _op>_OP_` in capitals, as in Xen's own headers
 * (XEN_ARGO_OP_, XEN_HYPFS_OP_), and every sub-op #define carries it.
 */
export function subopPrefixFor(hypercall: string): string {
  return `XEN_${hypercall.replace(/_op$/, "").toUpperCase()}_OP_`;
}

/**
 * The full #define name of a sub-op: `register` becomes `XEN_FROB_OP_register` (never a bare
 * name, which could be a C keyword); a name that already has the prefix is kept.
 */
export function subopNameFor(prefix: string, subop: string): string {
  return subop.startsWith(prefix) ? subop : `${prefix}${subop}`;
}
