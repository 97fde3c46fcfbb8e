// Connecting like kubectl: a kubeconfig (file, KUBECONFIG list or text), a context, or the
// in-cluster service account. Secrets in the resolved connection never print.
// Run: npx tsx examples/connect.ts
import { inspect } from 'node:util';
import { ImageCacheClient, isKubeConfigError, loadKubeConfig } from 'eci-imagecache';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

const emulator = await startImageCacheEmulator({ controller: false });
try {
  const resolved = await loadKubeConfig({ path: emulator.kubeconfigPath });
  console.log(`context ${resolved.contextName} -> ${resolved.connection.server}`);
  console.log(inspect(resolved.connection)); // tokens, keys and passwords show as [REDACTED]

  const client = await ImageCacheClient.fromKubeConfig({ path: emulator.kubeconfigPath });
  console.log(`caches: ${(await client.list()).items.length}`);
  client.close();

  await loadKubeConfig({ path: emulator.kubeconfigPath, context: 'no-such-context' }).catch((error: unknown) => {
    if (isKubeConfigError(error)) console.log(`typed error: ${error.message}`);
  });
  // Inside a pod: `await ImageCacheClient.inCluster()`; anywhere: `await ImageCacheClient.fromDefault()`.
} finally {
  await emulator.close();
}
