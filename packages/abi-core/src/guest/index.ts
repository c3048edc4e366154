export {
  ArgoGuest,
  ArgoRing,
  type ArgoGuestOptions,
  type NotifyResult,
  type PayloadReader,
} from "./argo.js";
