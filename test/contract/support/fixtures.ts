/**
 * Fixtures shared by contract and real-server tests.
 */
import type { ImageCacheStatus } from '../../../src/types/index.js';

/** A status with every field the CRD declares, events with the null and empty fields ECI sends. */
export const FULL_STATUS: ImageCacheStatus = {
  phase: 'Ready',
  progress: '100%',
  imageCacheId: 'imc-2zeditzeoemfhqor4rf8',
  reason: 'all images pulled',
  startTime: '2024-03-01T12:00:00Z',
  lastUpdatedTime: '2024-03-01T12:04:31Z',
  expireDateTime: '2024-03-08T12:00:00Z',
  events: [
    {
      metadata: { name: 'imc-2zeditzeoemfhqor4rf8.17b', namespace: 'default', creationTimestamp: null },
      involvedObject: {
        kind: 'ImageCache',
        name: 'web',
        namespace: '',
        uid: 'f4c9b1e6-0000-4000-8000-000000000001',
        apiVersion: 'eci.alibabacloud.com/v1',
        resourceVersion: '',
        fieldPath: '',
      },
      reason: 'Pulled',
      message: 'Success pull image nginx',
      source: { component: 'kubelet', host: 'eci' },
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      count: 1,
      type: 'Normal',
      action: '',
      reportingComponent: '',
      reportingInstance: '',
    },
  ],
};
