// The popup's warm open: its clock (the same in Chromium and Firefox), the timed open in Chromium,
// and the table rows of either browser. The clock is a tiny classic script added to
// the bench's COPY of the extension (never to the build) as the first thing in the <head> of both
// pages compared, popup.html and a blank page. It records, in the page's own frames, the first
// animation frame in which the page shows what the user waits for (a blank page: loaded; the
// popup: keys and plan, then the app itself in charge). What a frame callback finds in the DOM is
// what that frame paints.
//
// Why not only poll from Node (the bench's older figure, still reported): a poll is answered when
// the page's main thread is next free, so once the popup has painted its keys and starts loading
// React, the answer waits for that work although the user already sees the keys. Both pages carry
// the same script, so its own cost (one more file to fetch) is paid by both, the popup included.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { fmt, median, type Row } from './bench-table';

export const BLANK_PAGE = 'bench-blank.html';

const RECORDER = `(function () {
  var popup = location.pathname === '/popup.html';
  function rows() { return document.querySelectorAll('[aria-label="API keys"] li').length; }
  function visible() {
    if (!popup) return document.readyState === 'complete';
    var header = document.querySelector('header');
    return rows() > 0 && !!header && /Free|Pay-As-You-Go|Project/.test(header.textContent || '');
  }
  function interactive() {
    if (!popup) return visible();
    var root = document.getElementById('root');
    return !!root && !root.inert && rows() > 0;
  }
  function frame() {
    var now = performance.timeOrigin + performance.now();
    if (window.__benchVisible === undefined && visible()) window.__benchVisible = now;
    if (window.__benchInteractive === undefined && interactive()) window.__benchInteractive = now;
    if (window.__benchVisible === undefined || window.__benchInteractive === undefined) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
`;

/** Adds the recorder to popup.html and a blank page of the extension copy in `dir`. */
export function addFrameRecorder(dir: string): void {
  const tag = '<script src="/bench-frame.js"></script>';
  writeFileSync(path.join(dir, 'bench-frame.js'), RECORDER);
  writeFileSync(path.join(dir, BLANK_PAGE), `<!doctype html><html><head><meta charset="utf-8">${tag}<title>blank</title></head><body></body></html>`);
  const popup = readFileSync(path.join(dir, 'popup.html'), 'utf8');
  if (!/<head>/i.test(popup)) throw new Error('popup.html has no <head>');
  writeFileSync(path.join(dir, 'popup.html'), popup.replace(/<head>/i, `<head>${tag}`));
}

/** The wall clock in milliseconds (epoch), comparable with the pages' `performance.timeOrigin + now`. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** What the recorder saw, in milliseconds since `t0` (an `epochNow()` taken before navigating). */
export interface Frames {
  visible: number;
  interactive: number;
}

/** The recorder's epoch times turned into durations since `t0`; null until both are recorded. */
export function framesSince(t0: number, recorded: { visible?: number; interactive?: number }): Frames | null {
  if (recorded.visible === undefined || recorded.interactive === undefined) return null;
  const visible = recorded.visible - t0;
  const interactive = recorded.interactive - t0;
  if (visible < 0 || interactive < 0) throw new Error(`the page's clock is before the bench's (${visible} ms): clocks disagree`);
  return { visible, interactive };
}

/**
 * An open timed both ways: `polled` as the driver sees it (polling every frame from Node), and
 * `frames` as the page's own frames saw it (scripts/bench-frame.ts; the budget's figure).
 */
export async function timeOpenFrames(context: BrowserContext, url: string, ready: () => boolean, then?: () => boolean): Promise<{ polled: [number, number]; frames: Frames }> {
  const page = await context.newPage();
  const t0 = performance.now();
  const e0 = epochNow();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 20_000 });
  const visible = performance.now() - t0;
  if (then) await page.waitForFunction(then, undefined, { polling: 'raf', timeout: 20_000 });
  const second = performance.now() - t0;
  const recorded = () => {
    const w = window as unknown as { __benchVisible?: number; __benchInteractive?: number };
    return w.__benchVisible === undefined || w.__benchInteractive === undefined ? null : { visible: w.__benchVisible, interactive: w.__benchInteractive };
  };
  const frames = framesSince(e0, (await (await page.waitForFunction(recorded, undefined, { timeout: 20_000 })).jsonValue())!);
  await page.close();
  if (!frames) throw new Error(`${url}: the frame recorder saw nothing`);
  return { polled: [visible, second], frames };
}

/** The warm-open rows of one browser : the budget's, and two reported. */
export function warmOpenRows(browserName: string, runs: number, t: { popup: number[]; interactive: number[]; blank: number[]; popupPolled: number[]; blankPolled: number[] }): Row[] {
  const ratio = median(t.popup) / median(t.blank);
  return [
    {
      figure: `${browserName}Popup open → keys + plan visible, cached: first frame showing them (median of ${runs})`,
      value: `${fmt(median(t.popup))} ms = ${fmt(ratio, 2)}× blank page (${fmt(median(t.blank))} ms)`,
      budget: '≤ 1.5× blank extension page',
      pass: ratio <= 1.5,
    },
    {
      figure: `${browserName}Popup open → app interactive, cached (median)`,
      value: `${fmt(median(t.interactive))} ms = ${fmt(median(t.interactive) / median(t.blank), 2)}× blank page`,
      budget: '(reported)',
      pass: true,
    },
    {
      figure: `${browserName}Popup open → keys + plan visible, as the driver's polling sees it (median)`,
      value: `${fmt(median(t.popupPolled))} ms = ${fmt(median(t.popupPolled) / median(t.blankPolled), 2)}× blank page (${fmt(median(t.blankPolled))} ms)`,
      budget: '(reported)',
      pass: true,
    },
  ];
}
