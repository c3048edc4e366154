/**
 * HVM_PARAM_* numbers (public/hvm/params.h, RELEASE-4.22.0) and the lists Xen checks a
 * guest's access against: xen/arch/x86/hvm/hvm.c hvm_allow_set_param / hvm_allow_get_param,
 * xen/arch/arm/hvm.c hvm_allow_set_param / hvm_allow_get_param (from 4.14: b4d752e2ba).
 */
export const HVMOP_set_param = 0;
export const HVMOP_get_param = 1;
/** public/hvm/hvm_op.h (x86 only). */
export const HVMOP_set_evtchn_upcall_vector = 23;

export const HVM_PARAM_CALLBACK_IRQ = 0;
/** CALLBACK_IRQ's via type (bits 63:56): GSI, PCI INTx, or a vector as Linux sets it. */
export const HVM_PARAM_CALLBACK_TYPE_GSI = 0;
export const HVM_PARAM_CALLBACK_TYPE_PCI_INTX = 1;
export const HVM_PARAM_CALLBACK_TYPE_VECTOR = 2;
export const HVM_PARAM_STORE_PFN = 1;
export const HVM_PARAM_STORE_EVTCHN = 2;
export const HVM_PARAM_PAE_ENABLED = 4;
export const HVM_PARAM_IOREQ_PFN = 5;
export const HVM_PARAM_BUFIOREQ_PFN = 6;
export const HVM_PARAM_VIRIDIAN = 9;
export const HVM_PARAM_TIMER_MODE = 10;
export const HVM_PARAM_HPET_ENABLED = 11;
export const HVM_PARAM_IDENT_PT = 12;
export const HVM_PARAM_DM_DOMAIN = 13;
export const HVM_PARAM_ACPI_S_STATE = 14;
export const HVM_PARAM_VM86_TSS = 15;
export const HVM_PARAM_VPT_ALIGN = 16;
export const HVM_PARAM_CONSOLE_PFN = 17;
export const HVM_PARAM_CONSOLE_EVTCHN = 18;
export const HVM_PARAM_ACPI_IOPORTS_LOCATION = 19;
export const HVM_PARAM_MEMORY_EVENT_CR0 = 20;
export const HVM_PARAM_MEMORY_EVENT_CR3 = 21;
export const HVM_PARAM_MEMORY_EVENT_CR4 = 22;
export const HVM_PARAM_MEMORY_EVENT_INT3 = 23;
export const HVM_PARAM_NESTEDHVM = 24;
export const HVM_PARAM_MEMORY_EVENT_SINGLE_STEP = 25;
export const HVM_PARAM_BUFIOREQ_EVTCHN = 26;
export const HVM_PARAM_PAGING_RING_PFN = 27;
export const HVM_PARAM_MONITOR_RING_PFN = 28;
export const HVM_PARAM_SHARING_RING_PFN = 29;
export const HVM_PARAM_MEMORY_EVENT_MSR = 30;
export const HVM_PARAM_TRIPLE_FAULT_REASON = 31;
export const HVM_PARAM_IOREQ_SERVER_PFN = 32;
export const HVM_PARAM_NR_IOREQ_SERVER_PAGES = 33;
export const HVM_PARAM_VM_GENERATION_ID_ADDR = 34;
export const HVM_PARAM_ALTP2M = 35;
export const HVM_PARAM_X87_FIP_WIDTH = 36;
export const HVM_PARAM_VM86_TSS_SIZED = 37;
export const HVM_PARAM_MCA_CAP = 38;
export const HVM_NR_PARAMS = 39;

/** x86: what a guest may set on itself. */
export const X86_GUEST_SETTABLE: readonly number[] = [
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_VM86_TSS,
  HVM_PARAM_VM86_TSS_SIZED,
  HVM_PARAM_ACPI_IOPORTS_LOCATION,
  HVM_PARAM_VM_GENERATION_ID_ADDR,
  HVM_PARAM_STORE_EVTCHN,
  HVM_PARAM_CONSOLE_EVTCHN,
  HVM_PARAM_X87_FIP_WIDTH,
];

/** x86: what a guest may read of itself. */
export const X86_GUEST_READABLE: readonly number[] = [
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_VM86_TSS,
  HVM_PARAM_VM86_TSS_SIZED,
  HVM_PARAM_ACPI_IOPORTS_LOCATION,
  HVM_PARAM_VM_GENERATION_ID_ADDR,
  HVM_PARAM_STORE_PFN,
  HVM_PARAM_STORE_EVTCHN,
  HVM_PARAM_CONSOLE_PFN,
  HVM_PARAM_CONSOLE_EVTCHN,
  HVM_PARAM_ALTP2M,
  HVM_PARAM_X87_FIP_WIDTH,
];

/** x86 4.15+: deprecated, -EINVAL to anyone (4.14 without NESTEDHVM; see x86Deprecated). */
export const X86_DEPRECATED: readonly number[] = [
  HVM_PARAM_PAE_ENABLED,
  HVM_PARAM_DM_DOMAIN,
  HVM_PARAM_MEMORY_EVENT_CR0,
  HVM_PARAM_MEMORY_EVENT_CR3,
  HVM_PARAM_MEMORY_EVENT_CR4,
  HVM_PARAM_MEMORY_EVENT_INT3,
  HVM_PARAM_NESTEDHVM,
  HVM_PARAM_MEMORY_EVENT_SINGLE_STEP,
  HVM_PARAM_BUFIOREQ_EVTCHN,
  HVM_PARAM_MEMORY_EVENT_MSR,
];

/**
 * x86's deprecated params for release 4.`minor`: hvm_allow_set_param / hvm_allow_get_param
 * list them for -EINVAL from 4.14 (NESTEDHVM from 4.15); 4.12-4.13 list none of them there.
 */
export function x86Deprecated(minor: number): readonly number[] {
  if (minor >= 15) return X86_DEPRECATED;
  if (minor === 14) return X86_DEPRECATED.filter((i) => i !== HVM_PARAM_NESTEDHVM);
  return [];
}

/**
 * x86 4.12-4.13: the two params hvm_allow_set_param refuses anyone with -EPERM and
 * hvm_allow_get_param with -ENODATA; the other later-deprecated ones are still ordinary
 * toolstack params there.
 */
export const X86_DEPRECATED_4_12: readonly number[] = [
  HVM_PARAM_DM_DOMAIN,
  HVM_PARAM_BUFIOREQ_EVTCHN,
];

/** x86 4.12-4.13: hvm_set_param's -EOPNOTSUPP for the old mem_event params. */
export const X86_MEMORY_EVENT: readonly number[] = [
  HVM_PARAM_MEMORY_EVENT_CR0,
  HVM_PARAM_MEMORY_EVENT_CR3,
  HVM_PARAM_MEMORY_EVENT_CR4,
  HVM_PARAM_MEMORY_EVENT_INT3,
  HVM_PARAM_MEMORY_EVENT_SINGLE_STEP,
  HVM_PARAM_MEMORY_EVENT_MSR,
];

/** x86: may be set only once to a nonzero value (and, before 4.19, ALTP2M: x86SetOnce). */
export const X86_SET_ONCE: readonly number[] = [
  HVM_PARAM_VIRIDIAN,
  HVM_PARAM_IOREQ_PFN,
  HVM_PARAM_BUFIOREQ_PFN,
  HVM_PARAM_IOREQ_SERVER_PFN,
  HVM_PARAM_NR_IOREQ_SERVER_PAGES,
  HVM_PARAM_MCA_CAP,
];

/** x86SetOnce for 4.`minor`: ALTP2M is set-once until 4.18, read-only from 4.19. */
export function x86SetOnce(minor: number): readonly number[] {
  return minor >= 19 ? X86_SET_ONCE : [...X86_SET_ONCE, HVM_PARAM_ALTP2M];
}

/**
 * x86 params whose setting does more than store the value (pause the domain, change the
 * ioreq pages, the PM timer, altp2m, viridian, MCA): the model does not do that work.
 */
export const X86_SET_WITH_EFFECTS: readonly number[] = [
  HVM_PARAM_VIRIDIAN,
  HVM_PARAM_IDENT_PT,
  HVM_PARAM_ACPI_S_STATE,
  HVM_PARAM_ACPI_IOPORTS_LOCATION,
  HVM_PARAM_ALTP2M,
  HVM_PARAM_IOREQ_SERVER_PFN,
  HVM_PARAM_NR_IOREQ_SERVER_PAGES,
  HVM_PARAM_IOREQ_PFN,
  HVM_PARAM_BUFIOREQ_PFN,
  HVM_PARAM_MCA_CAP,
];

/** x86SetWithEffects for 4.`minor`: NESTEDHVM's nested-virt setup until 4.14, deprecated after. */
export function x86SetWithEffects(minor: number): readonly number[] {
  return minor >= 15 ? X86_SET_WITH_EFFECTS : [...X86_SET_WITH_EFFECTS, HVM_PARAM_NESTEDHVM];
}

/** Arm (4.14+): the toolstack's params; a guest may read all but MONITOR_RING_PFN. */
export const ARM_TOOLSTACK_PARAMS: readonly number[] = [
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_STORE_PFN,
  HVM_PARAM_STORE_EVTCHN,
  HVM_PARAM_CONSOLE_PFN,
  HVM_PARAM_CONSOLE_EVTCHN,
  HVM_PARAM_MONITOR_RING_PFN,
];
