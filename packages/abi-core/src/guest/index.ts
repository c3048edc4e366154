export { ArgoGuest, ArgoRing, type ArgoGuestOptions, type NotifyResult } from "./argo.js";
