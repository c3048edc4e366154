export * from "./constants.js";
export { do_event_channel_op } from "./op.js";
export { EVENT_CHANNEL_OP_RECORD } from "./record.js";
export { evtchnInit, pendingPorts, vcpuEventState } from "./two-level.js";
export { sendGuestDomainVirq, sendGuestVcpuVirq } from "./virq.js";
