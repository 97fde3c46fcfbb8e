/**
 * Server-side apply's field ownership, reduced to what changes answers: which field manager owns
 * which field of an object. With it, an apply removes the fields its manager stopped applying
 * (unless another manager still owns them), and an apply that would change a field another
 * manager set is a 409 Conflict unless forced, worded as kube-apiserver words it.
 *
 * Fields are tracked at the granularity a structural schema without list annotations gives:
 * object keys (map keys included) are separate fields, lists and scalars are atomic. Ownership
 * is kept beside the objects; `managedFields` is still never written into them.
 * @packageDocumentation
 */
import type { ImageCache, StatusCause } from '../../types/index.js';
import { IMAGE_CACHE_API_VERSION } from '../../types/constants.js';
import { statusErrors } from './errors.js';
import { cloneJson, isJsonObject, jsonEqual, ownValue, type JsonObject, type JsonValue } from './json.js';
import { SERVER_SET_METADATA_FIELDS } from './object-meta.js';
import { applyConfiguration } from './patch.js';

/** How a manager wrote its fields: by server-side apply, or by any other write. */
export type ManagerOperation = 'Apply' | 'Update';

/** What an apply will write, and how to record it once written. */
export interface ApplyPlan {
  /** The live object without the fields the manager stopped applying, with the configuration merged in. */
  readonly object: JsonObject;
  /** Records the apply's ownership; call it with the object as stored. */
  commit(stored: OwnedObject): void;
}

/** An object as the store keeps it, or as a request formed it. */
export type OwnedObject = Readonly<ImageCache> | JsonObject;

type Path = readonly string[];
/** Manager identity, as the server keys managedFields: name and operation. */
type ManagerId = string;

// Top-level fields outside ownership: the type, and status (written through its own subresource).
const UNTRACKED_TOP_LEVEL: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'status']);

const managerId = (manager: string, operation: ManagerOperation): ManagerId => JSON.stringify([manager, operation]);
const parseManagerId = (id: ManagerId): [string, ManagerOperation] => JSON.parse(id) as [string, ManagerOperation];
const pathKey = (path: Path): string => JSON.stringify(path);
const parsePathKey = (key: string): Path => JSON.parse(key) as string[];
/** `.spec.imageCacheSize`, `.metadata.labels.team`: how conflicts name fields. */
const printPath = (path: Path): string => path.map((segment) => `.${segment}`).join('');

/** The owned fields of `object` as keys: every leaf below the tracked top-level fields. */
function leafKeys(object: OwnedObject | undefined): Set<string> {
  const keys = new Set<string>();
  const walk = (value: JsonValue, path: string[]) => {
    if (isJsonObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    } else keys.add(pathKey(path));
  };
  if (!isJsonObject(object)) return keys;
  for (const [key, value] of Object.entries(object)) {
    if (UNTRACKED_TOP_LEVEL.has(key)) continue;
    if (key === 'metadata' && isJsonObject(value)) {
      for (const [field, child] of Object.entries(value)) if (!SERVER_SET_METADATA_FIELDS.has(field)) walk(child, ['metadata', field]);
    } else walk(value, [key]);
  }
  return keys;
}

function valueAt(object: OwnedObject | undefined, path: Path): JsonValue | undefined {
  let node: JsonValue | undefined = isJsonObject(object) ? object : undefined;
  for (const segment of path) {
    if (!isJsonObject(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/** Deletes the field at `path`, then any object above it left empty (never the root). */
function removeAt(object: JsonObject, path: Path): void {
  const parents: JsonObject[] = [object];
  for (const segment of path.slice(0, -1)) {
    const next = ownValue(parents[parents.length - 1]!, segment);
    if (!isJsonObject(next)) return;
    parents.push(next);
  }
  delete parents[parents.length - 1]![path[path.length - 1]!];
  for (let depth = parents.length - 1; depth > 0; depth--) {
    if (Object.keys(parents[depth]!).length > 0) break;
    delete parents[depth - 1]![path[depth - 1]!];
  }
}

function printManager(id: ManagerId): string {
  const [manager, operation] = parseManagerId(id);
  return operation === 'Update' ? `${JSON.stringify(manager)} using ${IMAGE_CACHE_API_VERSION}` : JSON.stringify(manager);
}

/** The 409 of an apply that conflicts, with kube-apiserver's message and causes. */
function conflictError(conflicts: readonly { readonly owner: ManagerId; readonly path: Path }[]): Error {
  const sorted = [...conflicts].sort((a, b) => (a.owner !== b.owner ? (a.owner < b.owner ? -1 : 1) : printPath(a.path) < printPath(b.path) ? -1 : 1));
  const causes: StatusCause[] = sorted.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.owner)}`,
    field: printPath(c.path),
  }));
  if (sorted.length === 1) {
    const only = sorted[0]!;
    return statusErrors.applyConflict(`Apply failed with 1 conflict: conflict with ${printManager(only.owner)}: ${printPath(only.path)}`, causes);
  }
  const lines: string[] = [];
  let owner: ManagerId | undefined;
  for (const conflict of sorted) {
    if (conflict.owner !== owner) lines.push(`conflicts with ${printManager((owner = conflict.owner))}:`);
    lines.push(`- ${printPath(conflict.path)}`);
  }
  return statusErrors.applyConflict(`Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`, causes);
}

/**
 * Field ownership of every object, keyed by uid.
 *
 * @example
 * ```ts
 * const ownership = new FieldOwnership();
 * ownership.recordUpdate(undefined, created, 'kubectl');
 * const plan = ownership.planApply(created, configuration, 'my-controller', false); // throws a 409 on conflicts
 * plan.commit(store.update(name, plan.object));
 * ```
 */
export class FieldOwnership {
  readonly #owners = new Map<string, Map<ManagerId, Set<string>>>();

  /**
   * Records a write that is not an apply (create, PUT, merge or JSON patch) by `manager`: it takes
   * the fields it changed from every other manager; fields it removed belong to nobody.
   */
  recordUpdate(before: OwnedObject | undefined, after: OwnedObject, manager: string): void {
    const owners = this.#ownersOf(after);
    if (!owners) return;
    const oldLeaves = leafKeys(before);
    const newLeaves = leafKeys(after);
    const changed = [...newLeaves].filter((key) => !oldLeaves.has(key) || !jsonEqual(valueAt(before, parsePathKey(key)), valueAt(after, parsePathKey(key))));
    const self = managerId(manager, 'Update');
    for (const [id, fields] of owners) if (id !== self) for (const key of changed) fields.delete(key);
    const own = owners.get(self) ?? new Set<string>();
    for (const key of changed) own.add(key);
    owners.set(self, own);
    this.#prune(owners, newLeaves);
  }

  /**
   * Plans an apply of `configuration` by `manager` on `live` (undefined: the apply creates the
   * object). Throws the server's 409 when it would change fields other managers own and `force`
   * is not set; with `force`, those fields change hands on commit.
   */
  planApply(live: OwnedObject | undefined, configuration: JsonObject, manager: string, force: boolean): ApplyPlan {
    const self = managerId(manager, 'Apply');
    const owners = live ? this.#owners.get(String(valueAt(live, ['metadata', 'uid']) ?? '')) : undefined;
    const applied = leafKeys(configuration);
    const conflicts: { owner: ManagerId; path: Path }[] = [];
    for (const key of applied) {
      const path = parsePathKey(key);
      const current = valueAt(live, path);
      if (current === undefined || jsonEqual(current, valueAt(configuration, path))) continue;
      for (const [id, fields] of owners ?? []) if (id !== self && fields.has(key)) conflicts.push({ owner: id, path });
    }
    if (conflicts.length > 0 && !force) throw conflictError(conflicts);

    const base: JsonObject = isJsonObject(live) ? cloneJson(live) : {};
    for (const key of owners?.get(self) ?? []) {
      if (applied.has(key)) continue;
      const ownedElsewhere = [...(owners?.entries() ?? [])].some(([id, fields]) => id !== self && fields.has(key));
      if (!ownedElsewhere) removeAt(base, parsePathKey(key));
    }
    const object = applyConfiguration(base, configuration) as JsonObject;
    return {
      object,
      commit: (stored) => {
        const target = this.#ownersOf(stored);
        if (!target) return;
        for (const { owner, path } of conflicts) target.get(owner)?.delete(pathKey(path));
        target.set(self, new Set(applied));
        this.#prune(target, leafKeys(stored));
      },
    };
  }

  /** Forgets a deleted object. */
  forget(uid: string | undefined): void {
    if (uid) this.#owners.delete(uid);
  }

  #ownersOf(object: OwnedObject): Map<ManagerId, Set<string>> | undefined {
    const uid = valueAt(object, ['metadata', 'uid']);
    if (typeof uid !== 'string' || uid === '') return undefined;
    let owners = this.#owners.get(uid);
    if (!owners) this.#owners.set(uid, (owners = new Map()));
    return owners;
  }

  /** Owners keep only fields the object still has; managers left with none are dropped. */
  #prune(owners: Map<ManagerId, Set<string>>, leaves: ReadonlySet<string>): void {
    for (const [id, fields] of owners) {
      for (const key of fields) if (!leaves.has(key)) fields.delete(key);
      if (fields.size === 0) owners.delete(id);
    }
  }
}
