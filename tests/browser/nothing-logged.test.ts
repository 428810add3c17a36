// The nothing-logged check (setup.ts) can fail: what an extension page logs reaches it, in both
// browsers. (A check that never sees anything would pass every test.)
import { beforeAll, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launch, type Ext } from './driver/extension';
import { openPopup, until } from './driver/ui';

let ext: Ext;
let popup: Page;

beforeAll(async () => {
  ext = await launch();
  popup = await openPopup(ext);
});

it('sees console.error, an uncaught error and a CSP violation of an extension page', async () => {
  await popup.evaluate(() => {
    console.error('planted console.error');
    setTimeout(() => {
      throw new Error('planted uncaught error');
    });
    const inline = document.createElement('script');
    inline.textContent = 'void 0';
    document.head.append(inline); // the extension's CSP refuses inline scripts
  });
  const seen: string[] = [];
  await until(
    async () => seen.push(...(await ext.takeProblems())),
    () => ['planted console.error', 'planted uncaught error', /script-src|Content Security Policy/].every((what) => seen.some((line) => (typeof what === 'string' ? line.includes(what) : what.test(line)))),
    'all three to be reported',
  ).catch(() => {
    throw new Error(`The check saw only: ${JSON.stringify(seen)}`);
  });
});
