import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { runHandler } from '@/lib/background/register';
import { checkStripeUrl } from '@/lib/background/stripe';
import { checkoutOutcomeFromUrl } from '@/lib/background/service';
import { badgeFor } from '@/lib/badge';
import { billing } from '../helpers/fixtures';

describe('sender check', () => {
  it('accepts the extension’s own pages and rejects anything else', async () => {
    const own = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    expect(await runHandler(own, async () => 42)).toEqual({ ok: true, data: 42 });
    for (const sender of [
      { id: 'another-extension', url: 'chrome-extension://another-extension/popup.html' },
      { id: fakeBrowser.runtime.id, url: 'https://evil.example/page' }, // a content script's sender
      { id: fakeBrowser.runtime.id },
      undefined,
    ]) {
      const res = await runHandler(sender, async () => 42);
      expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
  });

  it('turns any thrown value into a typed error without a stack', async () => {
    const own = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    const res = await runHandler(own, async () => {
      throw new Error('boom at line 3');
    });
    expect(res).toEqual({ ok: false, error: { kind: 'extension', code: 'unexpected', message: 'Something went wrong in the extension. Try again.' } });
  });
});

describe('Stripe URL opener', () => {
  it('opens https:// URLs', () => {
    expect(checkStripeUrl('https://checkout.stripe.com/c/pay/cs_test_1', 'https://api.kalshibook.io')).toBe('https://checkout.stripe.com/c/pay/cs_test_1');
  });
  it('opens loopback http:// only when the API itself is on loopback', () => {
    expect(checkStripeUrl('http://127.0.0.1:8000/stripe/checkout/x', 'http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/stripe/checkout/x');
    expect(() => checkStripeUrl('http://127.0.0.1:8000/stripe/checkout/x', 'https://api.kalshibook.io')).toThrow(/not opened/);
  });
  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://evil.example/pay', 'file:///etc/passwd', 'not a url', ''])('refuses %s', (url) => {
    expect(() => checkStripeUrl(url, 'http://127.0.0.1:8000')).toThrow(/not opened/);
  });
});

describe('checkout outcome from the return URL', () => {
  it('reads success and canceled only on the dashboard’s /billing', () => {
    expect(checkoutOutcomeFromUrl('https://kalshibook.io/billing?success=true', 'https://kalshibook.io')).toBe('success');
    expect(checkoutOutcomeFromUrl('https://kalshibook.io/billing?canceled=true', 'https://kalshibook.io')).toBe('canceled');
    expect(checkoutOutcomeFromUrl('https://kalshibook.io/other?success=true', 'https://kalshibook.io')).toBeNull();
    expect(checkoutOutcomeFromUrl('https://evil.example/billing?success=true', 'https://kalshibook.io')).toBeNull();
  });
});

describe('toolbar badge', () => {
  it.each([
    ['free, plenty left', billing({ tier: 'free', credits_total: 1000, credits_used: 250, credits_remaining: 750 }), ''],
    ['free, under 10 % left', billing({ tier: 'free', credits_total: 1000, credits_used: 950, credits_remaining: 50 }), '!'],
    ['free, exhausted', billing({ tier: 'free', credits_total: 1000, credits_used: 1000, credits_remaining: 0 }), '0'],
    ['payg, exhausted but PAYG on', billing({ tier: 'payg', payg_enabled: true, credits_total: 1000, credits_used: 1400, credits_remaining: 0 }), '$'],
    ['project, low', billing({ tier: 'project', credits_total: 4000, credits_used: 3700, credits_remaining: 300 }), '!'],
    ['project, fine', billing({ tier: 'project', credits_total: 4000, credits_used: 100, credits_remaining: 3900 }), ''],
  ])('%s', (_name, status, text) => {
    expect(badgeFor(status).text).toBe(text);
  });
  it('is empty when signed out', () => {
    expect(badgeFor(null).text).toBe('');
  });
});

describe('resume after a restart', () => {
  it('restores the badge from the cache and recreates the badge alarm when signed in', async () => {
    const { BackgroundService, BADGE_ALARM } = await import('@/lib/background/service');
    const { dataCacheItem, sessionTokensItem } = await import('@/lib/storage');
    await sessionTokensItem.setValue({ accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 3600_000, userId: 'user-1', email: 'ada@example.com' });
    await dataCacheItem.setValue({ userId: 'user-1', keys: null, billing: billing({ credits_total: 1000, credits_used: 1000, credits_remaining: 0 }), updatedAt: 1 });
    await new BackgroundService().resume();
    // The popup's instant-open copy (storage.session, empty after a restart) is back too.
    expect(await (await import('@/lib/storage')).sessionCacheItem.getValue()).toMatchObject({ userId: 'user-1', updatedAt: 1 });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('0');
    expect(await fakeBrowser.alarms.get(BADGE_ALARM)).toBeTruthy();
  });

  it('does nothing while signed out', async () => {
    const { BackgroundService, BADGE_ALARM } = await import('@/lib/background/service');
    await new BackgroundService().resume();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.alarms.get(BADGE_ALARM)).toBeFalsy();
  });
});

describe('a billing status answered after sign-out', () => {
  it('leaves the badge empty and the cache and alerts alone', async () => {
    const { BackgroundService } = await import('@/lib/background/service');
    const { dataCacheItem, sessionTokensItem } = await import('@/lib/storage');
    await sessionTokensItem.setValue({ accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 3600_000, userId: 'user-1', email: 'ada@example.com' });
    const s = new BackgroundService();
    let answer!: (value: unknown) => void;
    vi.spyOn(s.ctx, 'call').mockImplementation(() => new Promise((resolve) => (answer = resolve)) as never);
    const check = vi.spyOn(s.alerts, 'check');
    const asked = s.billing.status();
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    await s.signOut();
    answer({ ...billing({ credits_total: 1000, credits_used: 1000, credits_remaining: 0 }), request_id: 'r' });
    await expect(asked).resolves.toMatchObject({ credits_remaining: 0 });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await dataCacheItem.getValue()).toBeNull();
    expect(check).not.toHaveBeenCalled();
  });
});
