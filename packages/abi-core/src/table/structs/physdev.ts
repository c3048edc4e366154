/**
 * Structs of public/physdev.h: the arguments of physdev_op's sub-ops. Checked against
 * xen-project/xen RELEASE-4.22.0. Left out: physdev_manage_pci_ext_t and
 * physdev_pci_device_add_t (they nest an anonymous struct), physdev_op_t and physdev_dbgp_op_t
 * (unions).
 */
import { f, type StructDef } from "./define.js";

const PHYSDEV = "public/physdev.h";

export const PHYSDEV_STRUCTS: readonly StructDef[] = [
  {
    name: "physdev_eoi_t",
    tag: "physdev_eoi",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_eoi argument: signal end of interrupt for a PIRQ.",
    fields: [f("irq", "uint32_t", "PIRQ number.")],
  },
  {
    name: "physdev_pirq_eoi_gmfn_t",
    tag: "physdev_pirq_eoi_gmfn",
    header: PHYSDEV,
    summary: "PHYSDEVOP_pirq_eoi_gmfn_v1/v2 argument: a page of PIRQ needs-EOI bits.",
    fields: [f("gmfn", "xen_pfn_t", "Guest frame holding the bitmap.")],
  },
  {
    name: "physdev_irq_status_query_t",
    tag: "physdev_irq_status_query",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_irq_status_query argument: how a PIRQ must be handled.",
    fields: [
      f("irq", "uint32_t", "PIRQ number."),
      f("flags", "uint32_t", "Out: XENIRQSTAT_* (needs_eoi, shared)."),
    ],
  },
  {
    name: "physdev_set_iopl_t",
    tag: "physdev_set_iopl",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_set_iopl argument: a PV guest's I/O privilege level.",
    fields: [f("iopl", "uint32_t", "Privilege level, 0 to 3.")],
  },
  {
    name: "physdev_set_iobitmap_t",
    tag: "physdev_set_iobitmap",
    header: PHYSDEV,
    summary: "PHYSDEVOP_set_iobitmap argument: a PV guest's I/O port permission bitmap.",
    fields: [
      f("bitmap", "XEN_GUEST_HANDLE(uint8)", "Guest address of the bitmap."),
      f("nr_ports", "uint32_t", "Number of ports it covers."),
    ],
  },
  {
    name: "physdev_apic_t",
    tag: "physdev_apic",
    header: PHYSDEV,
    summary: "PHYSDEVOP_apic_read and apic_write argument: one IO-APIC register.",
    fields: [
      f("apic_physbase", "unsigned long", "Physical base address of the IO-APIC."),
      f("reg", "uint32_t", "Register index."),
      f("value", "uint32_t", "Value written, or out: value read."),
    ],
  },
  {
    name: "physdev_irq_t",
    tag: "physdev_irq",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_alloc_irq_vector and free_irq_vector argument.",
    fields: [
      f("irq", "uint32_t", "IRQ number."),
      f("vector", "uint32_t", "Out for alloc: the vector; in for free."),
    ],
  },
  {
    name: "physdev_map_pirq_t",
    tag: "physdev_map_pirq",
    header: PHYSDEV,
    summary: "PHYSDEVOP_map_pirq argument: bind a GSI or MSI to a PIRQ of a domain.",
    fields: [
      f("domid", "domid_t", "Domain the PIRQ is for."),
      f("type", "int", "MAP_PIRQ_TYPE_* source."),
      f("index", "int", "Source index (the GSI for MAP_PIRQ_TYPE_GSI); ignored for MULTI_MSI."),
      f("pirq", "int", "PIRQ wanted (-1 for any); out: the PIRQ."),
      f("bus", "int", "PCI bus; the high 16 bits carry the segment for MSI_SEG and MULTI_MSI."),
      f("devfn", "int", "PCI device and function (MSI)."),
      f("entry_nr", "int", "MSI-X entry, or the vector count for MULTI_MSI (also out then)."),
      f("table_base", "uint64_t", "Base address of the MSI-X table."),
    ],
  },
  {
    name: "physdev_unmap_pirq_t",
    tag: "physdev_unmap_pirq",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_unmap_pirq argument.",
    fields: [
      f("domid", "domid_t", "Domain the PIRQ belongs to."),
      f("pirq", "int", "PIRQ to unmap."),
    ],
  },
  {
    name: "physdev_manage_pci_t",
    tag: "physdev_manage_pci",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_manage_pci_add and manage_pci_remove argument (segment 0 only).",
    fields: [f("bus", "uint8_t", "PCI bus."), f("devfn", "uint8_t", "PCI device and function.")],
  },
  {
    name: "physdev_restore_msi_t",
    tag: "physdev_restore_msi",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_restore_msi argument: reprogram a device's MSI after resume.",
    fields: [f("bus", "uint8_t", "PCI bus."), f("devfn", "uint8_t", "PCI device and function.")],
  },
  {
    name: "physdev_setup_gsi_t",
    tag: "physdev_setup_gsi",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_setup_gsi argument: trigger mode and polarity of a GSI.",
    fields: [
      f("gsi", "int", "GSI number."),
      f("triggering", "uint8_t", "0 edge, 1 level."),
      f("polarity", "uint8_t", "0 active high, 1 active low."),
    ],
  },
  {
    name: "physdev_get_free_pirq_t",
    tag: "physdev_get_free_pirq",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_get_free_pirq argument: allocate an unused PIRQ.",
    fields: [
      f("type", "int", "MAP_PIRQ_TYPE_* it is for."),
      f("pirq", "uint32_t", "Out: the PIRQ."),
    ],
  },
  {
    name: "physdev_pci_mmcfg_reserved_t",
    tag: "physdev_pci_mmcfg_reserved",
    header: PHYSDEV,
    xlat: "check",
    summary: "PHYSDEVOP_pci_mmcfg_reserved argument: an MMCONFIG region reserved by firmware.",
    fields: [
      f("address", "uint64_t", "Base address of the region."),
      f("segment", "uint16_t", "PCI segment."),
      f("start_bus", "uint8_t", "First bus covered."),
      f("end_bus", "uint8_t", "Last bus covered."),
      f("flags", "uint32_t", "XEN_PCI_MMCFG_RESERVED when it is reserved."),
    ],
  },
  {
    name: "physdev_pci_device_t",
    tag: "physdev_pci_device",
    header: PHYSDEV,
    xlat: "check",
    summary:
      "Argument of PHYSDEVOP_pci_device_remove, restore_msi_ext, prepare_msix and release_msix.",
    fields: [
      f("seg", "uint16_t", "PCI segment."),
      f("bus", "uint8_t", "PCI bus."),
      f("devfn", "uint8_t", "PCI device and function."),
    ],
  },
  {
    name: "pci_device_reset",
    header: PHYSDEV,
    since: "4.20",
    summary: "PHYSDEVOP_pci_device_reset argument (struct only, no typedef).",
    fields: [
      f("dev", "physdev_pci_device_t", "Device that was reset."),
      f("flags", "uint32_t", "PCI_DEVICE_RESET_* kind of reset."),
    ],
  },
];
