/**
 * Which ObjectMeta fields the emulator knows, shared by pruning (`validation.ts`) and field
 * ownership (`field-ownership.ts`), so a field added to one cannot be forgotten in the other.
 * @packageDocumentation
 */

/** ObjectMeta fields the server sets or keys objects by; no manager owns them in managedFields. */
export const SERVER_SET_METADATA_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
]);

/** ObjectMeta fields the server decodes; others are unknown and pruned. */
export const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([...SERVER_SET_METADATA_FIELDS, 'labels', 'annotations', 'ownerReferences', 'finalizers']);
