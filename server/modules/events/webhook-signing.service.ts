/**
 * Standard Webhooks signing for other modules (a module is reached through its *.service.ts): the
 * organisation's blocking webhook call is signed the same way as event deliveries.
 */
export { newEventSecret, ROTATION_OVERLAP_MS, signedHeaders, type SignedHeaders } from "./signing.js";
