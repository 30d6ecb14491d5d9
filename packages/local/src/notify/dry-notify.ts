/**
 * The webhook a local run uses when BATCHFLOW_NOTIFY_WEBHOOK gives none: the `.invalid` top-level domain
 * never resolves, and the HTTP handler prints messages for it instead of posting them.
 */
export const dryNotifyUrl = "https://batchflow.invalid/dry-notify";
