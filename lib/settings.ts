// Settings values, their build-time defaults and their validation. Pure: no browser APIs here.

export interface Settings {
  apiBaseUrl: string;
  authUrl: string;
  anonKey: string;
  dashboardUrl: string;
  staySignedIn: boolean;
  /** After the extension copies a full key, the clipboard is cleared this many seconds later; 0: never. */
  clipboardClearSeconds: ClipboardClearSeconds;
}

/** "Clear clipboard after copying a key": the choices, in the order the select shows them. */
export const CLIPBOARD_CLEAR_CHOICES = [
  { seconds: 0, label: 'Never' },
  { seconds: 30, label: '30 seconds' },
  { seconds: 60, label: '1 minute' },
  { seconds: 120, label: '2 minutes' },
  { seconds: 300, label: '5 minutes' },
] as const;
export type ClipboardClearSeconds = (typeof CLIPBOARD_CLEAR_CHOICES)[number]['seconds'];
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS: ClipboardClearSeconds = 60;

export function isClipboardClearSeconds(value: unknown): value is ClipboardClearSeconds {
  return CLIPBOARD_CLEAR_CHOICES.some((c) => c.seconds === value);
}

export const PRODUCTION_API_URL = 'https://api.kalshibook.io';
export const PRODUCTION_DASHBOARD_URL = 'https://kalshibook.io';

export function defaultSettings(env: Record<string, string | undefined> = import.meta.env): Settings {
  return {
    apiBaseUrl: normalizeUrl(env.WXT_API_URL || PRODUCTION_API_URL),
    // The production Supabase project URL and anon key are not public knowledge; a build for
    // production sets WXT_AUTH_URL and WXT_ANON_KEY. Without them, sessions last one token lifetime.
    authUrl: env.WXT_AUTH_URL ? normalizeUrl(env.WXT_AUTH_URL) : '',
    anonKey: env.WXT_ANON_KEY ?? '',
    dashboardUrl: normalizeUrl(env.WXT_DASHBOARD_URL || PRODUCTION_DASHBOARD_URL),
    staySignedIn: true,
    clipboardClearSeconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/**
 * The match pattern for a URL's host: `https://dash.example.com/*`. Match patterns carry no port,
 * so one pattern covers every port of that host. null when the URL cannot be read.
 */
export function originPattern(url: string): string | null {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return null;
    return `${protocol}//${hostname}/*`;
  } catch {
    return null;
  }
}

/** Removes trailing slashes so paths can be appended (`https://x/` + `/keys`). */
export function normalizeUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

/**
 * Returns a message saying what is wrong with a URL, or null when it is acceptable:
 * `https://` anywhere, `http://` only for localhost / 127.0.0.1.
 */
export function urlProblem(raw: string, label: string, { required = true } = {}): string | null {
  const value = raw.trim();
  if (value === '') return required ? `${label} is required.` : null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label} must be a full URL such as https://api.example.com.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `${label} must start with https:// (${url.protocol} is not allowed).`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `${label} must use https://. Plain http:// is only allowed for localhost and 127.0.0.1.`;
  }
  if (url.username || url.password) return `${label} must not contain a user name or password.`;
  if (url.search || url.hash) return `${label} must not contain ? or #.`;
  return null;
}

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

export function validateSettings(input: Settings): { ok: true; value: Settings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const api = urlProblem(input.apiBaseUrl, 'API base URL');
  if (api) errors.apiBaseUrl = api;
  const auth = urlProblem(input.authUrl, 'Auth URL', { required: false });
  if (auth) errors.authUrl = auth;
  const dash = urlProblem(input.dashboardUrl, 'Dashboard URL');
  if (dash) errors.dashboardUrl = dash;
  const anonKey = input.anonKey.trim();
  if (/\s/.test(anonKey)) errors.anonKey = 'Anon key must not contain spaces.';
  else if (input.authUrl.trim() && !anonKey) errors.anonKey = 'Anon key is required when an Auth URL is set.';
  if (!isClipboardClearSeconds(input.clipboardClearSeconds)) errors.clipboardClearSeconds = 'Choose when to clear the clipboard: Never, 30 seconds, 1, 2 or 5 minutes.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      apiBaseUrl: normalizeUrl(input.apiBaseUrl),
      authUrl: input.authUrl.trim() ? normalizeUrl(input.authUrl) : '',
      anonKey,
      dashboardUrl: normalizeUrl(input.dashboardUrl),
      staySignedIn: input.staySignedIn,
      clipboardClearSeconds: input.clipboardClearSeconds,
    },
  };
}

// ---- Low-credit alerts (kept apart from the server settings: saved on their own, from their own
// card; their checks are in alert-settings.ts, which the popup never loads)

export interface AlertSettings {
  /** "Notify me when credits run low": off by default; needs the optional `notifications` permission. */
  enabled: boolean;
  /** With Pay-As-You-Go on: notify once the cycle's estimated overage reaches this many cents. */
  paygThresholdCents: number;
}

export const DEFAULT_PAYG_THRESHOLD_CENTS = 1000;

export function defaultAlertSettings(): AlertSettings {
  return { enabled: false, paygThresholdCents: DEFAULT_PAYG_THRESHOLD_CENTS };
}
