// @vitest-environment node
// The unpacked extension's id, computed before the browser starts (scripts/extension-id.ts). The
// expected ids were read from Debian's Chromium 156 (its service worker URL) for these paths.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionIdForPath, unpackedExtensionId } from '../../scripts/extension-id';

describe('unpacked extension id', () => {
  it('matches what Chromium gave the extension loaded from this path', () => {
    expect(extensionIdForPath('/work/wt-firstrun/.output/chrome-mv3', 'linux')).toBe('blbfpihmmmdheojgdjochbamkapljoaj');
  });

  it('is 32 letters a-p and changes with the path', () => {
    const a = extensionIdForPath('/home/dev/kalshibook/.output/chrome-mv3', 'linux');
    const b = extensionIdForPath('/home/dev/kalshibook2/.output/chrome-mv3', 'linux');
    expect(a).toMatch(/^[a-p]{32}$/);
    expect(b).toMatch(/^[a-p]{32}$/);
    expect(a).not.toBe(b);
  });

  it('Windows: hashes UTF-16 with the drive letter upper-cased', () => {
    expect(extensionIdForPath('c:\\ext', 'win32')).toBe(extensionIdForPath('C:\\ext', 'win32'));
    expect(extensionIdForPath('C:\\ext', 'win32')).not.toBe(extensionIdForPath('C:\\ext', 'linux'));
  });

  it('follows symlinks to the real directory, as Chromium does', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-extid-'));
    try {
      mkdirSync(path.join(dir, 'real'));
      symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
      expect(unpackedExtensionId(path.join(dir, 'link'))).toBe(unpackedExtensionId(path.join(dir, 'real')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
