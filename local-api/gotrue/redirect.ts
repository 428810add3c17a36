/**
 * Where GoTrue may send the browser after an OAuth sign-in (internal/utilities/request.go,
 * IsRedirectURLValid and GetReferrer): the site URL (same scheme and host; any port on
 * loopback), a loopback IP address, or a URL matching the allow list, whose entries are globs
 * (github.com/gobwas/glob with '.' and '/' as separators: `*` and `?` stay within one part,
 * `**` crosses parts). Anything else is not an error: GoTrue quietly uses the site URL.
 */
import { isIP } from 'node:net';

/** What a hosted Supabase project would list for this extension in Chrome and Firefox. */
export const DEFAULT_REDIRECT_ALLOW_LIST = ['https://*.chromiumapp.org/**', 'https://*.extensions.allizom.org/**'];

const LOCALHOST_NAMES = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'];
const DECIMAL_IP = /^[0-9]+$/;
const REGULAR_HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;
const SEPARATOR_CLASS = '[^./]';

const escapeRegExp = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** gobwas/glob syntax with separators '.' and '/': `**`, `*`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\x`. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i] as string);
    } else if (char === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += `${SEPARATOR_CLASS}*`;
    } else if (char === '?') {
      out += SEPARATOR_CLASS;
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (char === '{') {
      out += '(?:';
      depth++;
    } else if (char === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (char === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(char);
    }
  }
  return new RegExp(`^${out}${')'.repeat(depth)}$`, 's');
}

function isLocalhost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOCALHOST_NAMES.includes(name) || name.endsWith('.localhost');
}

/** Go's url.URL.Hostname(): without brackets around IPv6. */
const hostnameOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** The host as written (Go does not normalise `2130706433` or `0x7f.1` into an IPv4 address as WHATWG URL does). */
function rawHostname(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return (match?.[1] ?? '').replace(/^\[(.*)\]$/, '$1');
}

function isLoopbackIp(host: string): boolean {
  const version = isIP(host);
  if (version === 4) return host.startsWith('127.');
  if (version === 6) return host === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(host) || host === '::ffff:127.0.0.1';
  return false;
}

export function isRedirectUrlValid(siteUrl: string, allowList: readonly string[], redirectUrl: string): boolean {
  if (redirectUrl === '') return false;
  let base: URL;
  let target: URL;
  try {
    base = new URL(siteUrl);
    target = new URL(redirectUrl);
  } catch {
    return false;
  }
  const host = rawHostname(redirectUrl) || hostnameOf(target);
  if (hostnameOf(base) === host.toLowerCase() && base.protocol === target.protocol && (base.port === target.port || isLocalhost(host))) return true;

  const isHttp = target.protocol === 'http:' || target.protocol === 'https:';
  if (DECIMAL_IP.test(host)) return false;
  if (isIP(host)) return isLoopbackIp(host);
  if (isHttp && !REGULAR_HOSTNAME.test(host)) return false;

  const withoutFragment = redirectUrl.split('#')[0] as string;
  return allowList.some((pattern) => globToRegExp(pattern).test(withoutFragment));
}

/** GetReferrer: `redirect_to` if allowed, else the Referer header if allowed, else the site URL. */
export function referrerFor(siteUrl: string, allowList: readonly string[], redirectTo: string, refererHeader: string): string {
  if (isRedirectUrlValid(siteUrl, allowList, redirectTo)) return redirectTo;
  if (isRedirectUrlValid(siteUrl, allowList, refererHeader)) return refererHeader;
  return siteUrl;
}
