export type Tags = Readonly<Record<string, string>>;

/** The tags deploy puts on everything it creates; `batchflow:project` decides ownership. */
export const tagKeys = {
  project: "batchflow:project",
  workflow: "batchflow:workflow",
  /** Hash of the bundle whose deploy last created or changed the resource. */
  bundle: "batchflow:bundle",
  /** On the lock table, which belongs to no project (every project of the account shares it). */
  managed: "batchflow:managed",
} as const;

/** The lock table's tags, put on when deploy creates it and never changed afterwards. */
export const lockTableTags: Tags = { [tagKeys.managed]: "true" };

export function ownershipTags(
  project: string,
  workflow: string | undefined,
  bundleHash: string | undefined,
): Tags {
  return {
    [tagKeys.project]: project,
    ...(workflow === undefined ? {} : { [tagKeys.workflow]: workflow }),
    ...(bundleHash === undefined ? {} : { [tagKeys.bundle]: bundleHash }),
  };
}

/** Who owns a live resource: this project, another batchflow project, or nobody batchflow knows. */
export type Ownership =
  | { readonly owned: true }
  | { readonly owned: false; readonly owner?: string | undefined; readonly reason: string };

export function ownership(tags: Tags, project: string): Ownership {
  const owner = tags[tagKeys.project];
  if (owner === project) return { owned: true };
  return owner === undefined
    ? { owned: false, reason: `exists and was not created by batchflow (no ${tagKeys.project} tag)` }
    : { owned: false, owner, reason: `belongs to batchflow project "${owner}"` };
}

/**
 * Whether a live resource was made by this project for this workflow: what a workflow's lock or
 * notify machine (or rule) must be for deploy to delete it once the workflow no longer needs it.
 */
export function madeForWorkflow(tags: Tags, project: string, workflow: string): boolean {
  return ownership(tags, project).owned && tags[tagKeys.workflow] === workflow;
}

/** `[{ key, value }]` (ECS, Step Functions). */
export function lowerTagList(tags: Tags): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** `[{ Key, Value }]` (EventBridge, Scheduler, IAM). */
export function upperTagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function tagsFrom(
  list: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }> | undefined,
): Tags {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.key !== undefined) out[t.key] = t.value ?? "";
  return out;
}

export function tagsFromUpper(
  list: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
): Tags {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}
