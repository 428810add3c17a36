// "Copy for code": a full API key as the line a developer pastes into a project. Pure: the key
// comes in, text goes out; nothing here stores it.
//
// Keys are `kb-` + URL-safe base64 ([A-Za-z0-9_-]), so they need no quoting. A key that is not
// shaped like that is refused rather than guessed at: quoting rules differ between .env readers,
// and a wrongly quoted secret fails in confusing ways. The API base URL comes from Settings and may
// carry a path with characters a shell treats specially, so it is quoted for the shell.
//
// Copied code runs against the server in Settings: curl calls the API base URL, and the Python
// snippet passes it as the SDK's `base_url` keyword whenever it differs from the SDK's own default
// (SDK_DEFAULT_BASE_URL), so a snippet copied while Settings points at a local or staging server
// does not call production with a key production does not know.
import { PRODUCTION_API_URL } from './settings';

export type KeyFormat = 'env' | 'shell' | 'python' | 'curl';

export interface KeyFormatInfo {
  format: KeyFormat;
  /** The control's accessible name (PRODUCT.md "Names the interface uses"). */
  label: string;
  /** One line under the label: what the text is, and what it costs. */
  hint: string;
  /** Start of the toast: "{copied} copied to clipboard". */
  copied: string;
}

export const ENV_VAR = 'KALSHIBOOK_API_KEY';

export const KEY_FORMATS: readonly KeyFormatInfo[] = [
  { format: 'env', label: 'Copy as .env line', hint: `${ENV_VAR}=kb-…`, copied: '.env line' },
  { format: 'shell', label: 'Copy as shell export', hint: `export ${ENV_VAR}="kb-…"`, copied: 'Shell export' },
  {
    format: 'python',
    label: 'Copy as Python',
    hint: `Official SDK (pip install kalshibook); it also reads ${ENV_VAR}`,
    copied: 'Python snippet',
  },
  { format: 'curl', label: 'Copy as curl', hint: 'GET /markets — running it costs 1 credit', copied: 'curl command' },
];

/** What the curl command costs, said wherever it is offered. */
export const CURL_COST = 'Running it costs 1 credit.';

export function keyFormatInfo(format: KeyFormat): KeyFormatInfo {
  return KEY_FORMATS.find((f) => f.format === format)!;
}

/** The shape of every key the API issues (`kb-` + URL-safe base64). */
const KEY_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/**
 * A shell word for `value`: in double quotes when nothing inside is special to a POSIX shell
 * (`$`, backquote, `\`, `"`, `!` for bash history), else in single quotes, where only `'` itself
 * needs care (`'\''`).
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9 _.,:/@%+=~-]*$/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Python string literal; a JSON string is one (same escapes), for any text. */
function pythonString(value: string): string {
  return JSON.stringify(value);
}

/** Where the official Python SDK (`KalshiBook(...)`) sends requests when given no `base_url`. */
export const SDK_DEFAULT_BASE_URL = PRODUCTION_API_URL;

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * The SDK client for `key` against `apiBaseUrl`: `KalshiBook("kb-…")`, plus `base_url="…"` when
 * the base URL is not the SDK's default. For every Python generator (Copy as Python, the
 * Playground's code), so they all call the server in Settings.
 */
export function pythonClient(key: string, apiBaseUrl: string): string {
  return `KalshiBook(${[pythonString(key), pythonBaseUrlArg(apiBaseUrl)].filter(Boolean).join(', ')})`;
}

/** `base_url="…"` for the SDK's constructor, or '' when `apiBaseUrl` is the SDK's default. */
export function pythonBaseUrlArg(apiBaseUrl: string): string {
  const base = withoutTrailingSlash(apiBaseUrl);
  return base === SDK_DEFAULT_BASE_URL ? '' : `base_url=${pythonString(base)}`;
}

/**
 * The text for `format`. `apiBaseUrl` is Settings' "API base URL" (a trailing slash is dropped):
 * curl calls it, Python passes it as `base_url` when it is not the SDK's default. Throws
 * KeyFormatError for a key that is not shaped like an API key.
 */
export function formatKey(format: KeyFormat, key: string, apiBaseUrl: string): string {
  if (!KEY_SHAPE.test(key)) throw new KeyFormatError('This key has characters an API key never has, so it was not copied. Copy it with "Copy key" instead.');
  switch (format) {
    case 'env':
      return `${ENV_VAR}=${key}`;
    case 'shell':
      return `export ${ENV_VAR}=${shellQuote(key)}`;
    case 'python':
      return `from kalshibook import KalshiBook\nclient = ${pythonClient(key, apiBaseUrl)}`;
    case 'curl': {
      const url = `${withoutTrailingSlash(apiBaseUrl)}/markets`;
      return `curl -H ${shellQuote(`Authorization: Bearer ${key}`)} ${shellQuote(url)}`;
    }
  }
}
