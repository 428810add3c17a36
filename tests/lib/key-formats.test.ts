// @vitest-environment node
// "Copy for code": the exact text of each format, quoting, curl against a custom API URL, and
// keys that are not shaped like API keys. The shell quoting is checked by a real /bin/sh, the
// Python snippet by python3's compiler (when python3 is installed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKey, KEY_FORMATS, KeyFormatError, pythonClient, SDK_DEFAULT_BASE_URL, shellQuote } from '@/lib/key-formats';

const KEY = 'kb-Ab3_dE-fGhIjKlMnOpQrStUvWxYz0123456789_-AbC';
const API = 'https://api.kalshibook.io';

/** What `sh` makes of a word: the argument printf receives. */
function shellWord(word: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });
}

describe('key formats: exact text', () => {
  it('.env line', () => {
    expect(formatKey('env', KEY, API)).toBe(`KALSHIBOOK_API_KEY=${KEY}`);
  });

  it('shell export', () => {
    expect(formatKey('shell', KEY, API)).toBe(`export KALSHIBOOK_API_KEY="${KEY}"`);
  });

  it("Python: the official SDK, two lines; no base_url for the SDK's own default server", () => {
    expect(SDK_DEFAULT_BASE_URL).toBe('https://api.kalshibook.io');
    expect(formatKey('python', KEY, API)).toBe(`from kalshibook import KalshiBook\nclient = KalshiBook("${KEY}")`);
    expect(formatKey('python', KEY, `${API}/`)).toBe(`from kalshibook import KalshiBook\nclient = KalshiBook("${KEY}")`);
  });

  it('Python against another server: base_url names the API base URL from Settings', () => {
    expect(formatKey('python', KEY, 'http://127.0.0.1:8000')).toBe(
      `from kalshibook import KalshiBook\nclient = KalshiBook("${KEY}", base_url="http://127.0.0.1:8000")`,
    );
    expect(formatKey('python', KEY, 'https://proxy.example/kb/')).toBe(
      `from kalshibook import KalshiBook\nclient = KalshiBook("${KEY}", base_url="https://proxy.example/kb")`,
    );
    // Not the default: another scheme or host, or a path, is a different server.
    expect(pythonClient(KEY, 'http://api.kalshibook.io')).toBe(`KalshiBook("${KEY}", base_url="http://api.kalshibook.io")`);
    expect(pythonClient(KEY, 'https://api.kalshibook.io/v2')).toBe(`KalshiBook("${KEY}", base_url="https://api.kalshibook.io/v2")`);
  });

  it('curl: GET /markets on the API base URL with the key as a bearer token', () => {
    expect(formatKey('curl', KEY, API)).toBe(`curl -H "Authorization: Bearer ${KEY}" "https://api.kalshibook.io/markets"`);
  });

  it('curl with a custom API URL: a local server, a path, a trailing slash', () => {
    expect(formatKey('curl', KEY, 'http://127.0.0.1:8000')).toBe(`curl -H "Authorization: Bearer ${KEY}" "http://127.0.0.1:8000/markets"`);
    expect(formatKey('curl', KEY, 'https://proxy.example/kalshibook/v1')).toBe(`curl -H "Authorization: Bearer ${KEY}" "https://proxy.example/kalshibook/v1/markets"`);
    expect(formatKey('curl', KEY, 'https://proxy.example/kb/')).toBe(`curl -H "Authorization: Bearer ${KEY}" "https://proxy.example/kb/markets"`);
  });

  it('a URL path with characters a shell treats specially is single-quoted, and the shell reads it back unchanged', () => {
    for (const base of ["https://proxy.example/team's/$HOME", 'https://proxy.example/a`id`b', 'https://proxy.example/x!y&z;w', 'https://proxy.example/"q"\\']) {
      const text = formatKey('curl', KEY, base);
      const quotedUrl = text.slice(`curl -H "Authorization: Bearer ${KEY}" `.length);
      expect(quotedUrl.startsWith("'")).toBe(true);
      expect(shellWord(quotedUrl)).toBe(`${base}/markets`);
    }
  });

  it('the shell reads back every quoted word exactly', () => {
    for (const value of [KEY, `Authorization: Bearer ${KEY}`, "it's", '$PATH', 'a"b', 'back\\slash', 'tick`s`', 'bang!', '', ' spaced out ']) {
      expect(shellWord(shellQuote(value))).toBe(value);
    }
    expect(shellWord(formatKey('shell', KEY, API).slice('export KALSHIBOOK_API_KEY='.length))).toBe(KEY);
  });

  it('refuses a key that is not shaped like an API key, with a message, instead of guessing its quoting', () => {
    for (const bad of ['', 'kb-with space', 'kb-"quote', "kb-'single", 'kb-$x', 'kb-new\nline', 'kb-é', 'x'.repeat(300)]) {
      for (const format of ['env', 'shell', 'python', 'curl'] as const) {
        expect(() => formatKey(format, bad, API)).toThrow(KeyFormatError);
      }
    }
    expect(() => formatKey('env', 'kb-"', API)).toThrow(/Copy key/);
  });
});

describe('the menu items', () => {
  it('are named exactly as the product names them, in this order', () => {
    expect(KEY_FORMATS.map((f) => f.label)).toEqual(['Copy as .env line', 'Copy as shell export', 'Copy as Python', 'Copy as curl']);
  });

  it('say what curl costs and which SDK the Python line uses', () => {
    const hint = (format: string) => KEY_FORMATS.find((f) => f.format === format)!.hint;
    expect(hint('curl')).toMatch(/costs 1 credit/);
    expect(hint('python')).toMatch(/pip install kalshibook/);
    expect(hint('python')).toMatch(/KALSHIBOOK_API_KEY/);
  });
});

const python3 = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python3)('the Python snippet compiles (python3 -m py_compile)', () => {
  const compile = (source: string): { status: number | null; stderr: string } => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-py-'));
    try {
      const file = path.join(dir, 'snippet.py');
      writeFileSync(file, `${source}\n`);
      const run = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
      return { status: run.status, stderr: run.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.each([
    ['the default server', API],
    ['a local server', 'http://127.0.0.1:8000'],
    ['a path with quotes and backslashes', 'https://proxy.example/team"s\\kb'],
  ])('for %s', (_what, base) => {
    const result = compile(formatKey('python', KEY, base));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the check can fail: a broken snippet does not compile', () => {
    expect(compile(`client = KalshiBook("${KEY}", base_url=)`).status).not.toBe(0);
  });
});
