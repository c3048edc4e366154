/**
 * Linux guest wrappers for a proposal, in the style of Linux's own: the Arm ones are
 * HYPERCALLn stubs in arch/arm{,64}/xen/hypercall.S (number in x16/r12, `hvc #0xEA1`, r4 from
 * the stack on arm32) and a prototype; the x86 one uses _hypercallN through the hypercall page.
 */
import type { Proposal } from "../schema/proposal.js";

function cParams(p: Proposal): string {
  return (
    p.params
      .map((q) => `${q.type.endsWith("*") ? q.type : q.type} ${q.name}`.replace("* ", "*"))
      .join(", ") || "void"
  );
}

export function linuxArmWrapper(p: Proposal): string {
  const n = p.params.length;
  return (
    [
      "/* include/xen/interface/xen.h */",
      `#define __HYPERVISOR_${p.name} ${p.number ?? "/* number */"}`,
      "",
      "/* include/xen/arm/hypercall.h */",
      `int HYPERVISOR_${p.name}(${cParams(p)});`,
      "",
      "/* arch/arm64/xen/hypercall.S: x16 = number, args x0-x4, hvc #0xEA1; x0-x4 and x16 are clobbered */",
      `HYPERCALL${n}(${p.name});`,
      "",
      "/* arch/arm/xen/hypercall.S: r12 = number, args r0-r4 (r4 loaded from the stack), hvc #0xEA1 */",
      `HYPERCALL${n}(${p.name});`,
    ].join("\n") + "\n"
  );
}

export function linuxX86Wrapper(p: Proposal): string {
  const n = p.params.length;
  const args = p.params.map((q) => q.name).join(", ");
  return (
    [
      "/* arch/x86/include/asm/xen/hypercall.h: through hypercall_page + number * 32;",
      " * 64-bit: rdi rsi rdx r10 r8, 32-bit: ebx ecx edx esi edi; all are clobbered */",
      "static inline int",
      `HYPERVISOR_${p.name}(${cParams(p)})`,
      "{",
      `\treturn _hypercall${n}(int, ${p.name}${args ? `, ${args}` : ""});`,
      "}",
    ].join("\n") + "\n"
  );
}
