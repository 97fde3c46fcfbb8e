import { docsPreamble } from '../preamble.js';
const { expect } = docsPreamble();
import { parseImageReference, normalizeImageReference } from 'eci-imagecache/matching';

parseImageReference('nginx:1.7.9');
// { domain: 'docker.io', path: 'library/nginx', tag: '1.7.9', digest: undefined,
//   name: 'docker.io/library/nginx', familiar: 'nginx:1.7.9' }
normalizeImageReference('nginx'); // 'docker.io/library/nginx:latest'
normalizeImageReference('nginx:1.25@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac');
// 'docker.io/library/nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac'
expect(() => parseImageReference('Nginx')).toThrow(
  // an ImageReferenceError, whose reason is
  'invalid reference format: repository name (library/Nginx) must be lowercase',
);
export {};
