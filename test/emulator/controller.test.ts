import { describe, expect, it } from 'vitest';
import { createEmulatorClock } from '../../src/testing/emulator/clock.js';
import { SimulatedEciController } from '../../src/testing/emulator/controller.js';
import { ImageCacheStore, type StoreEvent } from '../../src/testing/emulator/store.js';
import { cache, FIXED_START } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;

function setup(options: ConstructorParameters<typeof SimulatedEciController>[1] = {}) {
  const clock = createEmulatorClock(() => FIXED_START);
  const store = new ImageCacheStore({ now: () => clock.now() });
  const controller = new SimulatedEciController(
    store,
    { autoStart: false, seed: 7, stepDelays: { pendingMs: 1000, preparingMs: 2000, progressStepMs: 3000 }, ...options },
    clock,
  );
  const history: string[] = [];
  store.watch({}, (event: StoreEvent) => {
    const s = event.object.status;
    history.push(`${event.type} ${event.object.metadata.name} ${s?.phase ?? '-'} ${s?.progress ?? ''}`.trim());
  });
  return { clock, store, controller, history };
}

describe('simulated ECI controller', () => {
  it('builds a cache through Pending, Preparing, Creating with rising progress, to Ready', () => {
    const { store, controller, history } = setup();
    store.create(cache('web', { images: ['nginx', 'busybox:latest'], retentionDays: 7 }));
    const steps = controller.settle();
    expect(steps).toBe(7);
    expect(history).toEqual([
      'ADDED web -',
      'MODIFIED web Pending',
      'MODIFIED web Preparing',
      'MODIFIED web Creating 0%',
      'MODIFIED web Creating 25%',
      'MODIFIED web Creating 50%',
      'MODIFIED web Creating 75%',
      'MODIFIED web Ready 100%',
    ]);
    const status = store.get('web').status!;
    expect(status.imageCacheId).toMatch(/^imc-[a-z0-9]{20}$/);
    expect(status.startTime).toBe('2024-03-01T12:00:00Z');
    // 1 s pending + 2 s preparing + 4 progress steps of 3 s.
    expect(status.lastUpdatedTime).toBe('2024-03-01T12:00:15Z');
    expect(status.expireDateTime).toBe('2024-03-08T12:00:00Z');
    expect(status.events!.map((e) => e.message)).toEqual(['Success pull image nginx', 'Success pull image busybox:latest']);
    expect(status.events![0]).toEqual({
      metadata: { name: 'nginx', creationTimestamp: null },
      involvedObject: {},
      message: 'Success pull image nginx',
      source: { component: 'kubelet', host: 'eci' },
      firstTimestamp: '2024-03-01T12:00:09Z',
      lastTimestamp: '2024-03-01T12:00:09Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('moves one step at a time with advance, by the configured delays', () => {
    const { store, controller } = setup();
    store.create(cache('web'));
    controller.tick();
    expect(store.get('web').status?.phase).toBe('Pending');
    controller.advance(999);
    expect(store.get('web').status?.phase).toBe('Pending');
    controller.advance(1);
    expect(store.get('web').status?.phase).toBe('Preparing');
    controller.advance(2000 + 3000);
    expect(store.get('web').status).toMatchObject({ phase: 'Creating', progress: '25%' });
  });

  it('derives imc ids from the seed, the same on every run', () => {
    const ids = () => {
      const { store, controller } = setup({ seed: 99 });
      store.create(cache('a'));
      store.create(cache('b'));
      controller.settle();
      return [store.get('a').status!.imageCacheId, store.get('b').status!.imageCacheId];
    };
    const first = ids();
    expect(ids()).toEqual(first);
    expect(first[0]).not.toBe(first[1]);
  });

  it('fails a build on an image matching failImages, expiring 24 hours later', () => {
    const { store, controller, clock } = setup({ failImages: /^private\// });
    store.create(cache('bad', { images: ['nginx', 'private/app:1'] }));
    controller.settle();
    const status = store.get('bad').status!;
    expect(status.phase).toBe('Failed');
    expect(status.events!.map((e) => [e.type, e.message])).toEqual([
      ['Normal', 'Success pull image nginx'],
      ['Warning', 'Failed to pull image private/app:1'],
    ]);
    const failedAt = Date.parse(status.lastUpdatedTime!);
    expect(Date.parse(status.expireDateTime!) - failedAt).toBe(DAY);
    controller.advance(DAY - 1000 - (clock.now().getTime() - failedAt));
    expect(store.find('bad')).toBeDefined();
    controller.advance(1000);
    expect(store.find('bad')).toBeUndefined();
  });

  it('accepts a predicate for failImages', () => {
    const { store, controller } = setup({ failImages: (image) => image.endsWith(':broken') });
    store.create(cache('x', { images: ['app:broken'] }));
    controller.settle();
    expect(store.get('x').status?.phase).toBe('Failed');
  });

  it('deletes a Ready cache when its retention ends, and keeps one without retentionDays', () => {
    const { store, controller } = setup();
    store.create(cache('short', { retentionDays: 1 }));
    store.create(cache('forever'));
    controller.settle();
    expect(store.get('forever').status?.expireDateTime).toBeUndefined();
    controller.advance(DAY);
    expect(store.find('short')).toBeUndefined();
    controller.advance(365 * DAY);
    expect(store.find('forever')?.status?.phase).toBe('Ready');
  });

  it('rebuilds a Ready cache through Updating when its spec changes', () => {
    const { store, controller, history } = setup();
    store.create(cache('web'));
    controller.settle();
    const ready = store.get('web');
    store.update('web', { ...ready, spec: { images: ['nginx:1.25', 'redis:7'] } });
    history.length = 0;
    controller.settle();
    expect(history[0]).toBe('MODIFIED web Updating 0%');
    expect(history[history.length - 1]).toBe('MODIFIED web Ready 100%');
    const status = store.get('web').status!;
    expect(status.imageCacheId).toBe(ready.status!.imageCacheId);
    expect(status.events!.map((e) => e.message)).toEqual(['Success pull image nginx:1.25', 'Success pull image redis:7']);
    expect(controller.settle()).toBe(0);
  });

  it('leaves caches with a phase it does not know, and objects being deleted, alone', () => {
    const { store, controller } = setup();
    const created = store.create(cache('odd'));
    store.update('odd', { ...created, status: { phase: 'Frozen' } }, { subresource: 'status' });
    store.create({ ...cache('going'), metadata: { name: 'going', finalizers: ['x.io/hold'] } });
    store.delete('going');
    expect(controller.settle()).toBe(0);
    expect(store.get('odd').status).toEqual({ phase: 'Frozen' });
    expect(store.get('going').status).toBeUndefined();
  });

  it('runs on its own when started, and stops', async () => {
    const clock = createEmulatorClock();
    const store = new ImageCacheStore({ now: () => clock.now() });
    const controller = new SimulatedEciController(store, { tickMs: 5, stepDelays: { pendingMs: 0, preparingMs: 0, progressStepMs: 0 } }, clock);
    try {
      expect(controller.running).toBe(true);
      store.create(cache('auto'));
      await new Promise<void>((resolve) => {
        const done = store.watch({}, (event) => {
          if (event.object.status?.phase === 'Ready') {
            done.stop();
            resolve();
          }
        });
      });
      expect(store.get('auto').status?.progress).toBe('100%');
    } finally {
      controller.stop();
    }
    expect(controller.running).toBe(false);
  });
});
