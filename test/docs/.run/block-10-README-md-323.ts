import { docsPreamble } from '../preamble.js';
const { cache } = docsPreamble();
import { isKnownPhase, type KnownImageCachePhase } from 'eci-imagecache';

const phase = cache.status?.phase;
if (isKnownPhase(phase)) {
  const known: KnownImageCachePhase = phase; // 'Pending' | 'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed'
  console.log(known === 'Ready' ? 'ready' : known); // `known === 'Readyy'` would not compile
} else {
  console.log(`a phase this SDK does not know yet: ${phase ?? '(none)'}`);
}
export {};
