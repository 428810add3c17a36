/**
 * The id Chromium gives an unpacked extension whose manifest has no `key`: derived from the
 * directory's absolute path (Chromium's crx_file::id_util::GenerateIdForPath), so a launcher knows
 * `chrome-extension://<id>/…` before the browser starts.
 *
 * The path is made absolute with symlinks resolved (Chromium does the same), hashed with SHA-256,
 * and the first 16 bytes are written as 32 letters, each hex digit 0-f becoming a-p. On Windows
 * Chromium hashes the path's UTF-16 code units with an upper-case drive letter; elsewhere its
 * UTF-8 bytes. Checked against Debian's Chromium 156 by scripts/test-npm-start.ts (the extension's
 * service worker URL carries the id).
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** The id for the (already absolute, resolved) path, as Chromium computes it. */
export function extensionIdForPath(absolutePath: string, platform: NodeJS.Platform = process.platform): string {
  const bytes =
    platform === 'win32'
      ? Buffer.from(absolutePath.replace(/^([a-z]):/, (_m, drive: string) => `${drive.toUpperCase()}:`), 'utf16le')
      : Buffer.from(absolutePath, 'utf8');
  const hex = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return Array.from(hex, (digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/** The id of the unpacked extension in `dir` (which must exist). */
export function unpackedExtensionId(dir: string): string {
  return extensionIdForPath(realpathSync(path.resolve(dir)));
}
