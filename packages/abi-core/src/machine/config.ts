/**
 * Kconfig options of the Xen build that change what a guest sees (scenario `xen.config`).
 * Omitted options are on, as the project's default build has every one.
 */
export const CONFIG_OPTIONS = ["ARGO", "PV32"] as const;
export type ConfigOption = (typeof CONFIG_OPTIONS)[number];
export type BuildConfig = Readonly<Partial<Record<ConfigOption, boolean>>>;

/**
 * The handlers an option builds in (xen/include/hypercall-defs.c: `argo_op` under
 * `#ifdef CONFIG_ARGO`): without the option, their table cells are empty and the guest gets
 * -ENOSYS, as from a build without them.
 */
export const CONFIG_HANDLERS: Readonly<Record<ConfigOption, readonly string[]>> = {
  ARGO: ["do_argo_op", "compat_argo_op"],
  PV32: [],
};

/** Handlers a build with `config` lacks. */
export function handlersOff(config: BuildConfig): ReadonlySet<string> {
  const off = new Set<string>();
  for (const opt of CONFIG_OPTIONS)
    if (config[opt] === false) for (const h of CONFIG_HANDLERS[opt]) off.add(h);
  return off;
}
