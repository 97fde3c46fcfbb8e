/**
 * The discovery documents kubectl reads before it can name `ic`: `/api`, `/apis`, the group, the
 * group version's resource list, and `/version`. The core group offers only core/v1 events, always
 * an empty list: the simulated controller records its events in the ImageCache's status, as ECI does.
 * @packageDocumentation
 */
import { IMAGE_CACHE_API_GROUP, IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_PLURAL } from '../../types/constants.js';
import { IMAGE_CACHE_NAMES } from './crd-schema.js';
import { EMULATOR_DEFAULTS } from './defaults.js';
import type { JsonObject } from './json.js';

const groupVersion = { groupVersion: IMAGE_CACHE_API_VERSION, version: 'v1' };
const apiGroup = { name: IMAGE_CACHE_API_GROUP, versions: [groupVersion], preferredVersion: groupVersion };

/**
 * The discovery document served at `path`, or undefined when `path` is not a discovery path.
 * `serverAddress` is the `host:port` reported in `/api`.
 *
 * @example
 * ```ts
 * discoveryDocument('/apis', '127.0.0.1:6443')?.kind; // 'APIGroupList'
 * ```
 */
export function discoveryDocument(path: string, serverAddress: string): JsonObject | undefined {
  switch (path) {
    case '/api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
    case '/api/v1':
      // client-go rejects an empty core group, and `kubectl describe` looks for events there.
      return {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [{ name: 'events', singularName: 'event', namespaced: true, kind: 'Event', verbs: ['get', 'list'], shortNames: ['ev'] }],
      };
    case '/apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [apiGroup] };
    case `/apis/${IMAGE_CACHE_API_GROUP}`:
      return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup };
    case `/apis/${IMAGE_CACHE_API_VERSION}`:
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: IMAGE_CACHE_API_VERSION,
        resources: [
          {
            name: IMAGE_CACHE_PLURAL,
            singularName: IMAGE_CACHE_NAMES.singular,
            namespaced: false,
            kind: IMAGE_CACHE_KIND,
            verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
            shortNames: [...IMAGE_CACHE_NAMES.shortNames],
            categories: [...IMAGE_CACHE_NAMES.categories],
          },
          { name: `${IMAGE_CACHE_PLURAL}/status`, singularName: '', namespaced: false, kind: IMAGE_CACHE_KIND, verbs: ['get', 'patch', 'update'] },
        ],
      };
    case '/version': {
      const { major, minor, gitVersion } = EMULATOR_DEFAULTS.kubernetesVersion;
      return {
        major,
        minor,
        gitVersion,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.24.0',
        compiler: 'gc',
        platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * True for the core/v1 event list paths, which the emulator answers with an empty EventList.
 *
 * @example
 * ```ts
 * isEventListPath('/api/v1/namespaces/default/events'); // true
 * ```
 */
export function isEventListPath(path: string): boolean {
  return path === '/api/v1/events' || /^\/api\/v1\/namespaces\/[^/]+\/events$/.test(path);
}
