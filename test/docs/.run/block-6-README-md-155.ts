import { docsPreamble } from '../preamble.js';
const { caPem } = docsPreamble();
import { ImageCacheClient, isNotFound } from 'eci-imagecache';

// Behind `kubectl proxy`:
const client = new ImageCacheClient({ server: 'http://127.0.0.1:8001' });

// Or straight to the API server, with a resolved connection (the kubeconfig loader builds one):
const direct = new ImageCacheClient({
  server: 'https://10.0.0.1:6443',
  caData: caPem,
  token: process.env.K8S_TOKEN, // or certData/keyData, username/password, or credentials: { getToken }
});
export {};
