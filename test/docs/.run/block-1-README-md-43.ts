import { docsPreamble } from '../preamble.js';
import { ImageCacheClient, isImageCacheWaitError } from 'eci-imagecache';

const client = await ImageCacheClient.fromDefault(); // KUBECONFIG, ~/.kube/config, or in-cluster
const { created } = await client.ensure({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25'], retentionDays: 7 } });
const ready = await client.waitForReady('web', { onProgress: ({ phase, progress }) => console.log(phase, progress) });
console.log(created ? 'created' : 'found', ready.status?.imageCacheId); // imc-...
client.close();
export {};
