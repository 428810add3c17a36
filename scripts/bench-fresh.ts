// "Popup open → fresh data after a server-side change", for npm run bench (Chromium here; the
// Firefox twin is in bench-firefox.ts). Each run renames a key on the server (the API directly, as
// another device would), then opens the popup and times, from the navigation, when the cached
// (stale) name is on screen and when the new name is. Where the time went is read from the local
// API's access log: when the background's GET /keys/usage reached the server.

export interface FreshRun {
  /** Navigation → the stale cached name visible (null: not seen before the fresh one). */
  stale: number | null;
  /** Navigation → the new name visible. */
  fresh: number;
  /** Navigation → GET /keys/usage received by the server (null: not in the log). */
  requestAt: number | null;
  /** Navigation → the popup sent listKeys / got its answer (Chromium only). */
  sent?: number | null;
  answered?: number | null;
  /** Navigation → the app (not the snapshot) rendered (Chromium only). */
  app?: number | null;
}

export interface FreshSummary {
  runs: FreshRun[];
  median: number;
  p90: number;
  staleMedian: number;
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export function summarize(runs: FreshRun[]): FreshSummary {
  const fresh = runs.map((r) => r.fresh);
  const stale = runs.flatMap((r) => (r.stale === null ? [] : [r.stale]));
  return { runs, median: percentile(fresh, 50), p90: percentile(fresh, 90), staleMedian: stale.length ? percentile(stale, 50) : NaN };
}

/** Renames `keyId` on the server with the account's own token (PATCH /keys/{id}). */
export async function renameOnServer(apiUrl: string, token: string, keyId: string, name: string): Promise<void> {
  const res = await fetch(`${apiUrl}/keys/${keyId}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`rename on the server: ${res.status} ${await res.text()}`);
}

export async function loginToken(apiUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function firstKeyId(apiUrl: string, token: string): Promise<{ id: string; name: string }> {
  const res = await fetch(`${apiUrl}/keys/usage`, { headers: { Authorization: `Bearer ${token}` } });
  const keys = ((await res.json()) as { data: { id: string; name: string }[] }).data;
  return keys[0]!;
}

/**
 * An init script for the popup: records in `window.__kbSeen` when each key name first entered
 * the list (performance.now(), i.e. ms since the navigation started), from the first DOM change
 * on — the instant-open snapshot included. No named inner functions (tsx would wrap them in a
 * helper the page does not have).
 */
export const RECORD_NAMES = () => {
  if (!location.pathname.endsWith('/popup.html') || location.search !== '?fresh') return;
  const seen: Record<string, number> = {};
  (window as unknown as { __kbSeen: Record<string, number> }).__kbSeen = seen;
  // When the popup asked the background for its keys, and when the answer came.
  const runtime = (globalThis as unknown as { chrome?: { runtime?: { sendMessage: (...a: unknown[]) => unknown } } }).chrome?.runtime;
  if (runtime) {
    const original = runtime.sendMessage.bind(runtime);
    runtime.sendMessage = (...args: unknown[]) => {
      const type = (args[0] as { type?: string } | undefined)?.type ?? '?';
      seen[`sent:${type}`] ??= performance.now();
      const result = original(...args) as Promise<unknown> | undefined;
      void result?.then?.(() => (seen[`answered:${type}`] ??= performance.now()));
      return result;
    };
  }
  new MutationObserver(() => {
    const root = document.getElementById('root');
    if (root && !root.inert && root.firstChild && document.querySelector('[role=tablist]')) seen.app ??= performance.now();
    for (const li of Array.from(document.querySelectorAll('[aria-label="API keys"] li[aria-label]'))) {
      const name = li.getAttribute('aria-label')!;
      if (!(name in seen)) seen[name] = performance.now();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
};

/** Reads what RECORD_NAMES saw, once `newName` has shown (polled by the caller). */
export const SEEN = ([oldName, newName]: readonly [string, string]) => {
  const seen = (window as unknown as { __kbSeen?: Record<string, number> }).__kbSeen ?? {};
  return newName in seen ? { stale: seen[oldName] ?? null, fresh: seen[newName]!, sent: seen['sent:listKeys'] ?? null, answered: seen['answered:listKeys'] ?? null, app: seen.app ?? null, origin: performance.timeOrigin } : null;
};

/** What a Chromium run needs: a signed-in extension in `context` and the account on `apiUrl`. */
export async function benchFreshChromium(
  context: import('playwright-core').BrowserContext,
  base: string,
  account: { apiUrl: string; email: string; password: string },
  /** The local API's requests, with the time each was received (epoch ms). */
  accessLog: { path: string; epoch: number }[],
  runs = 20,
): Promise<FreshSummary> {
  const token = await loginToken(account.apiUrl, account.email, account.password);
  const key = await firstKeyId(account.apiUrl, token);
  await context.addInitScript(RECORD_NAMES);
  let current = key.name;
  // One open with the current name, so the cache (and the popup's snapshot) hold it.
  const first = await context.newPage();
  await first.goto(`${base}/popup.html?fresh`);
  await first.waitForFunction(SEEN, [current, current] as const, { polling: 'raf' });
  await first.waitForTimeout(1000);
  await first.close();
  const results: FreshRun[] = [];
  for (let i = 0; i < runs; i++) {
    const next = `fresh-${i}-${Math.random().toString(36).slice(2, 7)}`;
    await renameOnServer(account.apiUrl, token, key.id, next);
    accessLog.length = 0;
    const page = await context.newPage();
    await page.goto(`${base}/popup.html?fresh`, { waitUntil: 'commit' });
    const seen = (await (await page.waitForFunction(SEEN, [current, next] as const, { polling: 'raf', timeout: 15_000 })).jsonValue())!;
    const request = accessLog.find((r) => r.path === '/keys/usage');
    results.push({ stale: seen.stale, fresh: seen.fresh, requestAt: request ? request.epoch - seen.origin : null, sent: seen.sent, answered: seen.answered, app: seen.app });
    // The popup stays open a moment, as a user reads it (it saves its snapshot meanwhile).
    await page.waitForTimeout(700);
    await page.close();
    current = next;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return summarize(results);
}

/**
 * The Firefox twin (puppeteer over BiDi, which reports no navigation of extension pages): timed
 * from Node, from the navigation's start, polling the page until the new name is in the list.
 */
export async function benchFreshFirefox(
  newPage: () => Promise<import('puppeteer-core').Page>,
  base: string,
  account: { apiUrl: string; email: string; password: string },
  runs = 20,
): Promise<FreshSummary> {
  const token = await loginToken(account.apiUrl, account.email, account.password);
  const key = await firstKeyId(account.apiUrl, token);
  const names = (page: import('puppeteer-core').Page) =>
    page
      .evaluate(() => (location.pathname.endsWith('/popup.html') ? Array.from(document.querySelectorAll('[aria-label="API keys"] li[aria-label]'), (li) => li.getAttribute('aria-label')!) : []))
      .catch(() => [] as string[]);
  let current = key.name;
  const open = async (wanted: string) => {
    const page = await newPage();
    const t0 = performance.now();
    await page.goto(`${base}/popup.html`, { waitUntil: [] });
    let stale: number | null = null;
    for (const deadline = t0 + 15_000; ; ) {
      const shown = await names(page);
      const now = performance.now() - t0;
      if (stale === null && shown.includes(current)) stale = now;
      if (shown.includes(wanted)) {
        await new Promise((resolve) => setTimeout(resolve, 700));
        await page.close();
        return { stale, fresh: now };
      }
      if (performance.now() > deadline) throw new Error(`the Firefox popup never showed "${wanted}"`);
    }
  };
  await open(current);
  const results: FreshRun[] = [];
  for (let i = 0; i < runs; i++) {
    const next = `fresh-${i}-${Math.random().toString(36).slice(2, 7)}`;
    await renameOnServer(account.apiUrl, token, key.id, next);
    const { stale, fresh } = await open(next);
    results.push({ stale, fresh, requestAt: null });
    current = next;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return summarize(results);
}
