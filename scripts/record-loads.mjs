// Preloaded with `node --import` by check-package.mjs: records every module URL that ESM loading
// resolves, so the check can prove an entry point never reaches axios, zod or node:http.
import { register } from 'node:module';

const channel = new MessageChannel();
globalThis.__loadedModules = [];
channel.port1.on('message', (url) => globalThis.__loadedModules.push(url));
channel.port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url, {
  data: { port: channel.port2 },
  transferList: [channel.port2],
});
