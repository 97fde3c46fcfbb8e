// Where the pod template is found in each kind of target, what is said when none is, and the
// container images read from it (order, paths, init flag, pull policy).
import { describe, expect, it } from 'vitest';
import { containerImages, resolveTarget } from '../../src/matching/target.js';

const template = { metadata: { annotations: { a: 'template' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.7.9' }] } };
const own = { name: 'w', annotations: { a: 'own' } };
const resolved = (target: object) => {
  const { kind, name, templatePath, ignoredAnnotationSites } = resolveTarget(target);
  return {
    kind,
    name,
    templatePath,
    sites: ignoredAnnotationSites.map((site) => site.path),
    images: containerImages(resolveTarget(target)).map((c) => c.path),
  };
};

describe('resolveTarget', () => {
  it.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'])(
    'reads spec.template of a %s, even when it has none yet',
    (kind) => {
      expect(resolved({ kind, metadata: own, spec: { template } })).toEqual({
        kind,
        name: 'w',
        templatePath: 'spec.template',
        sites: ['metadata.annotations'],
        images: ['spec.template.spec.containers[0]'],
      });
      expect(resolved({ kind, metadata: { name: 'w' }, spec: {} })).toEqual({ kind, name: 'w', templatePath: 'spec.template', sites: [], images: [] });
    },
  );

  it('reads spec.template of an unknown kind, or of an object without a kind, that has one', () => {
    expect(resolved({ kind: 'Rollout', spec: { template } })).toMatchObject({ kind: 'Rollout', templatePath: 'spec.template' });
    expect(resolved({ metadata: own, spec: { template } })).toEqual({
      kind: 'Workload',
      name: 'w',
      templatePath: 'spec.template',
      sites: ['metadata.annotations'],
      images: ['spec.template.spec.containers[0]'],
    });
  });

  it('reads the job template of a CronJob, even when it has none yet, and of an object shaped like one', () => {
    const cronJob = { metadata: own, spec: { jobTemplate: { metadata: { annotations: { a: 'job' } }, spec: { template } } } };
    const expected = {
      name: 'w',
      templatePath: 'spec.jobTemplate.spec.template',
      sites: ['metadata.annotations', 'spec.jobTemplate.metadata.annotations'],
      images: ['spec.jobTemplate.spec.template.spec.containers[0]'],
    };
    expect(resolved({ kind: 'CronJob', ...cronJob })).toEqual({ kind: 'CronJob', ...expected });
    expect(resolved(cronJob)).toEqual({ kind: 'CronJob', ...expected });
    expect(resolved({ kind: 'CronJob', metadata: { name: 'w' } })).toEqual({
      kind: 'CronJob',
      name: 'w',
      templatePath: 'spec.jobTemplate.spec.template',
      sites: [],
      images: [],
    });
  });

  it('reads the template of a PodTemplate, with or without its kind', () => {
    const expected = { name: 'w', templatePath: 'template', sites: ['metadata.annotations'], images: ['template.spec.containers[0]'] };
    expect(resolved({ kind: 'PodTemplate', metadata: own, template })).toEqual({ kind: 'PodTemplate', ...expected });
    expect(resolved({ metadata: own, template })).toEqual({ kind: 'PodTemplate', ...expected });
  });

  it('does not read a top-level template of another kind', () => {
    expect(() => resolveTarget({ kind: 'Rollout', metadata: own, template })).toThrow('cannot read a pod template from kind Rollout');
  });

  it('reads a Pod, and a bare pod template with no kind or an empty one, at the top', () => {
    const expected = { name: undefined, templatePath: '', sites: [], images: ['spec.containers[0]'] };
    expect(resolved({ kind: 'Pod', ...template })).toEqual({ kind: 'Pod', ...expected });
    expect(resolved(template)).toEqual({ kind: 'PodTemplateSpec', ...expected });
    expect(resolved({ kind: '', ...template })).toEqual({ kind: 'PodTemplateSpec', ...expected });
  });

  it('says what it cannot read a pod template from, and why', () => {
    expect(() => resolveTarget('nginx' as never)).toThrow('cannot read a pod template from this object: expected an object');
    expect(() => resolveTarget({ kind: 'Service', spec: {} })).toThrow(
      'cannot read a pod template from kind Service: it is not a Pod, a PodTemplate, nor has spec.template or spec.jobTemplate',
    );
  });
});

describe('containerImages', () => {
  it('lists containers, then init containers, with names, paths and pull policies as written', () => {
    const pod = {
      kind: 'Pod',
      spec: {
        initContainers: [{ name: 'setup', image: 'busybox:1.36', imagePullPolicy: 'Always' }],
        containers: [{ name: 'app', image: 'nginx:1.7.9', imagePullPolicy: '' }, { image: 'redis:7' }, { name: 'no-image' }, 'junk'],
      },
    };
    expect(containerImages(resolveTarget(pod))).toEqual([
      { image: 'nginx:1.7.9', containerName: 'app', path: 'spec.containers[0]', pullPolicy: undefined, init: false },
      { image: 'redis:7', containerName: undefined, path: 'spec.containers[1]', pullPolicy: undefined, init: false },
      { image: 'busybox:1.36', containerName: 'setup', path: 'spec.initContainers[0]', pullPolicy: 'Always', init: true },
    ]);
  });
});
