/**
 * The per-file fixture of the contract suite: one target and one scope, created before the
 * file's tests and cleaned up after them, whatever the outcome.
 */
import { afterAll, beforeAll } from 'vitest';
import { getContractTarget, type ContractTarget } from '../target.js';
import { contractScope, type ContractScope } from './scope.js';

/** The target and scope of the current test file, available once `beforeAll` ran. */
export interface ContractFixture {
  readonly target: ContractTarget;
  readonly scope: ContractScope;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that open the contract target and clean up after the file.
 *
 * @example
 * ```ts
 * const contract = useContractTarget();
 * it('creates', async () => { await contract.target.client.create(contract.scope.manifest(contract.scope.name('a'))); });
 * ```
 */
export function useContractTarget(): ContractFixture {
  let target: ContractTarget | undefined;
  let scope: ContractScope | undefined;
  beforeAll(async () => {
    target = await getContractTarget();
    scope = contractScope(target);
  });
  afterAll(async () => {
    try {
      await scope?.cleanup();
    } finally {
      await target?.close();
    }
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the contract target is not open: use it inside a test or a hook after beforeAll');
    return value;
  };
  return {
    get target() {
      return ready(target);
    },
    get scope() {
      return ready(scope);
    },
  };
}
