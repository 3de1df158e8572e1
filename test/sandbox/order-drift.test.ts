import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SandboxOptionError, startSandbox } from '../../src/sandbox/index.js';

describe('sandbox orderDriftPerMinute', () => {
  it('moves orders on by themselves (status and lastChange), truth following, and stops on close', async () => {
    const sandbox = await startSandbox({ seed: 3, orders: 400, customers: 20, orderDriftPerMinute: 6_000 });
    try {
      const before = sandbox.truth(['orders']).orders?.hashes ?? new Map<string, string>();
      const statusBefore = new Map([...before.keys()].map((id) => [id, sandbox.document('orders', id)?.status]));
      await sleep(400);
      const after = sandbox.truth(['orders']).orders?.hashes ?? new Map<string, string>();
      const changed = [...before.keys()].filter((id) => before.get(id) !== after.get(id));
      expect(changed.length).toBeGreaterThanOrEqual(5);
      for (const id of changed) expect(sandbox.document('orders', id)?.status).not.toBe(statusBefore.get(id));
    } finally {
      await sandbox.close();
    }
  });

  it('refuses a negative drift', async () => {
    await expect(startSandbox({ orderDriftPerMinute: -1 })).rejects.toBeInstanceOf(SandboxOptionError);
  });
});
