import { docsPreamble } from '../preamble.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const crdYaml = readFileSync(fileURLToPath(import.meta.resolve('eci-imagecache/crds/imagecache.v1.yaml')), 'utf8');
// kubectl apply -f "$(node -p "require.resolve('eci-imagecache/crds/imagecache.v1.yaml')")"
export {};
