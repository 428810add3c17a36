// The pure parts of "Continue with Google" (GoTrue's PKCE flow): the authorize URL, what the
// redirect back to the extension says, and what a failed launchWebAuthFlow means for the user.

export const GOOGLE_CANCELED = 'Google sign-in was canceled.';
export const GOOGLE_NEEDS_AUTH = 'Google sign-in needs an Auth URL and an Anon key in Settings.';

/** `{Auth URL}/auth/v1/authorize?provider=google&redirect_to=…&code_challenge=…&code_challenge_method=s256` */
export function googleAuthorizeUrl(authUrl: string, redirectTo: string, challenge: string): string {
  const url = new URL(`${authUrl.replace(/\/+$/, '')}/auth/v1/authorize`);
  url.searchParams.set('provider', 'google');
  url.searchParams.set('redirect_to', redirectTo);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 's256');
  return url.toString();
}

export type GoogleRedirect =
  | { kind: 'code'; code: string }
  | { kind: 'canceled' }
  | { kind: 'error'; code: string; message: string }
  /** Neither a code nor an error: not GoTrue's answer. */
  | { kind: 'invalid' };

/**
 * What the redirect URL carries. GoTrue puts `code` in the query; errors in the query and (older
 * versions, and still as a copy) in the fragment, so both are read, the query first.
 */
export function parseGoogleRedirect(redirect: string): GoogleRedirect {
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    return { kind: 'invalid' };
  }
  const query = url.searchParams;
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const read = (name: string) => query.get(name) || fragment.get(name) || '';
  const error = read('error');
  if (error) {
    if (error === 'access_denied' && !read('error_code')) return { kind: 'canceled' };
    const description = read('error_description').replace(/\s+/g, ' ').trim().slice(0, 240);
    return { kind: 'error', code: read('error_code') || error, message: description || `Google sign-in failed (${error}).` };
  }
  const code = read('code');
  return code ? { kind: 'code', code } : { kind: 'invalid' };
}

/** Chrome: "The user did not approve access."; Firefox: "User cancelled or denied access." */
const CANCEL_MESSAGES = [/did not approve access/i, /cancell?ed or denied access/i];

export type LaunchFailure = { kind: 'canceled' } | { kind: 'unreachable' } | { kind: 'other'; message: string };

/** What a rejected `identity.launchWebAuthFlow` means. */
export function launchFailure(error: unknown): LaunchFailure {
  const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  if (CANCEL_MESSAGES.some((re) => re.test(message))) return { kind: 'canceled' };
  // Chrome: "Authorization page could not be loaded."; Firefox: "Invalid request" (the background request failed).
  if (/could not be loaded/i.test(message) || /^invalid request/i.test(message)) return { kind: 'unreachable' };
  return { kind: 'other', message };
}
