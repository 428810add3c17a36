// No silent failure: background events log what failed (never a secret), a failing billing
// listener does not fail getBilling, and the page client tells a bug from an unreachable background.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api/errors';
import { runEvent } from '@/lib/background/events';
import { runHandler } from '@/lib/background/register';
import { createMessagingClient } from '@/lib/client';
import { describeError } from '@/lib/log';
import { messenger } from '@/lib/messaging';
import { dataCacheItem } from '@/lib/storage';
import { configure, ownPage, signedInService } from '../faults/harness';
import { createFakeServer } from '../helpers/fake-server';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureWarnings(method: 'warn' | 'error' = 'warn'): string[] {
  const lines: string[] = [];
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return lines;
}

describe('background events', () => {
  it('runEvent logs a failure with its context and resolves', async () => {
    const warnings = captureWarnings();
    await expect(runEvent('alarm kb-test', () => Promise.reject(new ApiError({ kind: 'network', code: 'network', message: 'Offline.' })), false)).resolves.toBeUndefined();
    expect(warnings).toEqual(['KalshiBook: alarm kb-test failed: network/network: Offline.']);
  });

  it('runEvent logs nothing when the work succeeds', async () => {
    const warnings = captureWarnings();
    await runEvent('alarm kb-test', async () => 'done', false);
    expect(warnings).toEqual([]);
  });

  it('describeError writes only a name and a short message, never the error’s data', () => {
    const error = Object.assign(new Error('boom'), { token: 'eyJhbGciOi.secret.token' });
    expect(describeError(error)).toBe('Error: boom');
    expect(describeError({ accessToken: 'eyJhbGciOi.secret.token' })).toBe('a non-Error value was thrown');
    expect(describeError(new Error('x'.repeat(500))).length).toBeLessThanOrEqual(201);
  });

  it('a message handler that throws a non-ApiError is logged with the message’s name; an ApiError is not', async () => {
    const warnings = captureWarnings();
    const bug = await runHandler(ownPage(), () => Promise.reject(new TypeError('x is undefined')), 'the listKeys message');
    expect(bug).toMatchObject({ ok: false, error: { kind: 'extension', code: 'unexpected' } });
    await runHandler(ownPage(), () => Promise.reject(new ApiError({ kind: 'network', code: 'network', message: 'Offline.' })), 'the listKeys message');
    expect(warnings).toEqual(['KalshiBook: the listKeys message failed: TypeError: x is undefined']);
  });
});

describe('getBilling', () => {
  it('answers with the fresh status, cached, even when a status listener throws', async () => {
    await configure();
    const bg = await signedInService(createFakeServer());
    const warnings = captureWarnings();
    bg.billing.onStatus(async () => {
      throw new Error('listener broke');
    });
    const status = await bg.getBilling();
    expect(status.tier).toBeTruthy();
    expect((await dataCacheItem.getValue())?.billing).toEqual(status);
    expect(warnings).toEqual(['KalshiBook: a billing status listener failed: Error: listener broke']);
  });
});

describe('the page client', () => {
  const client = createMessagingClient();

  it.each([
    'Could not establish connection. Receiving end does not exist.',
    'Extension context invalidated.',
    'The message port closed before a response was received.',
    'No response',
  ])('"%s" is "not responding", not logged', async (message) => {
    const errors = captureWarnings('error');
    vi.useFakeTimers();
    vi.spyOn(messenger, 'sendMessage').mockRejectedValue(new Error(message));
    const answer = client.listKeys();
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    expect(await answer).toMatchObject({ ok: false, error: { code: 'background_unavailable' } });
    expect(errors).toEqual([]);
  });

  it('a message that reached no listener (an event page suspending just then) is sent again, and then answered', async () => {
    vi.useFakeTimers();
    try {
      const send = vi
        .spyOn(messenger, 'sendMessage')
        .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
        .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
        .mockResolvedValue({ ok: true, data: [] } as never);
      const answer = client.listKeys();
      await vi.runAllTimersAsync();
      expect(await answer).toEqual({ ok: true, data: [] });
      expect(send).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a message that may have reached the background is never sent twice', async () => {
    const send = vi.spyOn(messenger, 'sendMessage').mockRejectedValue(new Error('The message port closed before a response was received.'));
    expect(await client.createKey({ name: 'once', keyType: 'dev' })).toMatchObject({ ok: false, error: { code: 'background_unavailable' } });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('a thrown error of another kind is a bug: "Something went wrong", logged', async () => {
    const errors = captureWarnings('error');
    vi.spyOn(messenger, 'sendMessage').mockRejectedValue(new DOMException('could not be cloned', 'DataCloneError'));
    expect(await client.listKeys()).toMatchObject({ ok: false, error: { kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' } });
    expect(errors).toEqual(['KalshiBook: the listKeys message failed: DataCloneError: could not be cloned']);
  });

  it('an answer that is not a Result is a bug too', async () => {
    const errors = captureWarnings('error');
    vi.spyOn(messenger, 'sendMessage').mockResolvedValue({ keys: [] } as never);
    expect(await client.listKeys()).toMatchObject({ ok: false, error: { code: 'unexpected' } });
    expect(errors).toHaveLength(1);
  });

  it('a Result passes through', async () => {
    vi.spyOn(messenger, 'sendMessage').mockResolvedValue({ ok: true, data: [] } as never);
    expect(await client.listKeys()).toEqual({ ok: true, data: [] });
  });
});
