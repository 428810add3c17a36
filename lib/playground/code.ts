// The Playground's request as code a developer pastes: curl, Python with the official SDK
// (`pip install kalshibook`, method names of kalshibook-api.md §15.18) and JavaScript fetch. Pure:
// the key comes in (the masked one for the screen, the full one for "Copy", or null for the
// KALSHIBOOK_API_KEY environment variable), text goes out.
import type { EndpointSpec } from '../api/data-endpoints';
import { buildRequest, type Params } from '../api/data-request';
import { ENV_VAR, KeyFormatError, pythonBaseUrlArg, pythonClient, shellQuote } from '../key-formats';

export type CodeLanguage = 'curl' | 'python' | 'javascript';

export const CODE_LANGUAGES: readonly { id: CodeLanguage; label: string; copied: string }[] = [
  { id: 'curl', label: 'curl', copied: 'curl command' },
  { id: 'python', label: 'Python', copied: 'Python snippet' },
  { id: 'javascript', label: 'JavaScript', copied: 'JavaScript snippet' },
];

export interface CodeInput {
  spec: EndpointSpec;
  params: Params;
  /** Settings' API base URL. */
  baseUrl: string;
  /** The key to write into the code; null: read KALSHIBOOK_API_KEY from the environment. */
  key: string | null;
}

/** Keys are `kb-` + URL-safe base64; the masked form adds `•`. Anything else is refused, not quoted. */
const KEY_SHAPE = /^kb-[A-Za-z0-9_\-•]{1,256}$/;

/** What the screen shows instead of the key: its prefix and dots. */
export function maskedKey(prefix: string): string {
  return `${prefix}••••••••`;
}

function checkKey(key: string | null): void {
  if (key !== null && !KEY_SHAPE.test(key)) throw new KeyFormatError('This key has characters an API key never has, so it was not copied.');
}

const trimBase = (url: string) => url.replace(/\/+$/, '');

export function curlCode({ spec, params, baseUrl, key }: CodeInput): string {
  checkKey(key);
  const req = buildRequest(spec, params);
  const auth = key === null ? `"Authorization: Bearer $${ENV_VAR}"` : shellQuote(`Authorization: Bearer ${key}`);
  const lines = [`curl${req.method === 'POST' ? ' -X POST' : ''} ${shellQuote(trimBase(baseUrl) + req.path)}`, `  -H ${auth}`];
  if (req.body) lines.push(`  -H ${shellQuote('Content-Type: application/json')}`, `  -d ${shellQuote(JSON.stringify(req.body))}`);
  return lines.join(' \\\n');
}

/** A Python literal: a JSON string is one, and integers are the same. */
const pyValue = (value: string | number, isTime: boolean) =>
  isTime ? `datetime.fromisoformat(${JSON.stringify(String(value).replace(/Z$/, '+00:00'))})` : typeof value === 'number' ? String(value) : JSON.stringify(value);

export function pythonCode({ spec, params, baseUrl, key }: CodeInput): string {
  checkKey(key);
  const isTime = (name: string) => spec.fields.find((f) => f.name === name)?.kind === 'datetime';
  const args: string[] = [];
  for (const name of spec.sdk.positional) if (params[name] !== undefined) args.push(pyValue(params[name]!, isTime(name)));
  for (const name of spec.sdk.keyword) if (params[name] !== undefined) args.push(`${name}=${pyValue(params[name]!, isTime(name))}`);
  const usesTime = [...spec.sdk.positional, ...spec.sdk.keyword].some((n) => params[n] !== undefined && isTime(n));
  const ctor = key === null ? `KalshiBook.from_env(${pythonBaseUrlArg(baseUrl)})` : pythonClient(key, baseUrl);
  const call = `client.${spec.sdk.method}(${args.join(', ')})`;
  const use = spec.paged
    ? [`for row in ${call}:`, '    print(row)']
    : [`result = ${call}`, 'print(result)'];
  return [
    '# pip install kalshibook',
    ...(usesTime ? ['from datetime import datetime', ''] : []),
    'from kalshibook import KalshiBook',
    '',
    `client = ${ctor}`,
    ...use,
    '',
  ].join('\n');
}

export function javascriptCode({ spec, params, baseUrl, key }: CodeInput): string {
  checkKey(key);
  const req = buildRequest(spec, params);
  const auth = key === null ? `\`Bearer \${process.env.${ENV_VAR}}\`` : JSON.stringify(`Bearer ${key}`);
  const headers = [`    Authorization: ${auth},`];
  if (req.body) headers.push('    "Content-Type": "application/json",');
  const options = [`  method: "${req.method}",`, '  headers: {', ...headers, '  },'];
  if (req.body) options.push(`  body: JSON.stringify(${JSON.stringify(req.body, null, 2).replace(/\n/g, '\n  ')}),`);
  return [
    `const response = await fetch(${JSON.stringify(trimBase(baseUrl) + req.path)}, {`,
    ...options,
    '});',
    'console.log(response.status, await response.json());',
    '',
  ].join('\n');
}

export function codeFor(language: CodeLanguage, input: CodeInput): string {
  return language === 'curl' ? curlCode(input) : language === 'python' ? pythonCode(input) : javascriptCode(input);
}
