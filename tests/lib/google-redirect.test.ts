// "Continue with Google", the pure parts: PKCE (RFC 7636 appendix B, fresh random verifiers), the
// authorize URL, the redirect back to the extension, and what a rejected launchWebAuthFlow means.
// The flow through the background is google.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { googleAuthorizeUrl, launchFailure, parseGoogleRedirect } from '@/lib/auth/google-redirect';
import { base64Url, createVerifier, s256Challenge } from '@/lib/session/pkce';

// RFC 7636 appendix B.
const RFC_OCTETS = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('PKCE', () => {
  it('matches RFC 7636 appendix B: octets → verifier → S256 challenge', async () => {
    expect(base64Url(new Uint8Array(RFC_OCTETS))).toBe(RFC_VERIFIER);
    expect(createVerifier((bytes) => (bytes.set(RFC_OCTETS), bytes))).toBe(RFC_VERIFIER);
    expect(await s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('makes a new 43-character verifier from crypto.getRandomValues each time', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    const a = createVerifier();
    const b = createVerifier();
    expect(spy).toHaveBeenCalledTimes(2);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    spy.mockRestore();
  });
});

describe('the authorize URL', () => {
  it('is GoTrue’s /authorize for Google with redirect_to and the S256 challenge', () => {
    expect(googleAuthorizeUrl('https://proj.supabase.co/', REDIRECT, RFC_CHALLENGE)).toBe(
      'https://proj.supabase.co/auth/v1/authorize?provider=google&redirect_to=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F' +
        `&code_challenge=${RFC_CHALLENGE}&code_challenge_method=s256`,
    );
    const local = new URL(googleAuthorizeUrl('http://localhost:8000', 'https://0123abcd.extensions.allizom.org/', RFC_CHALLENGE));
    expect(local.origin + local.pathname).toBe('http://localhost:8000/auth/v1/authorize');
    expect(local.searchParams.get('redirect_to')).toBe('https://0123abcd.extensions.allizom.org/');
  });
});

describe('the redirect back to the extension', () => {
  it.each([
    ['a code in the query', `${REDIRECT}?code=abc-123`, { kind: 'code', code: 'abc-123' }],
    ['a code in the fragment', `${REDIRECT}#code=abc-123`, { kind: 'code', code: 'abc-123' }],
    ['Cancel (access_denied), query and fragment', `${REDIRECT}?error=access_denied&error_description=The+user+canceled.#error=access_denied&sb=`, { kind: 'canceled' }],
    ['Cancel in the fragment only (older GoTrue)', `${REDIRECT}#error=access_denied&error_description=denied`, { kind: 'canceled' }],
    [
      'access_denied because sign-ups are off: GoTrue’s message',
      `${REDIRECT}?error=access_denied&error_code=signup_disabled&error_description=Signups+not+allowed+for+this+instance`,
      { kind: 'error', code: 'signup_disabled', message: 'Signups not allowed for this instance' },
    ],
    [
      'a server error with a description, in the fragment',
      `${REDIRECT}#error=server_error&error_description=Unable+to+exchange+external+code%3A+4%2F0Ab`,
      { kind: 'error', code: 'server_error', message: 'Unable to exchange external code: 4/0Ab' },
    ],
    ['an error without description', `${REDIRECT}?error=temporarily_unavailable`, { kind: 'error', code: 'temporarily_unavailable', message: 'Google sign-in failed (temporarily_unavailable).' }],
    ['nothing useful', `${REDIRECT}?state=x`, { kind: 'invalid' }],
    ['not a URL', 'not a url', { kind: 'invalid' }],
  ])('%s', (_name, url, expected) => {
    expect(parseGoogleRedirect(url)).toEqual(expected);
  });

  it('an error wins over a code, the query over the fragment', () => {
    expect(parseGoogleRedirect(`${REDIRECT}?code=x&error=server_error&error_description=boom`)).toMatchObject({ kind: 'error', message: 'boom' });
    expect(parseGoogleRedirect(`${REDIRECT}?error=invalid_request&error_description=from+query#error=invalid_request&error_description=from+fragment`)).toMatchObject({
      message: 'from query',
    });
  });
});

describe('a rejected launchWebAuthFlow', () => {
  it.each([
    ['Chrome, window closed', new Error('The user did not approve access.'), { kind: 'canceled' }],
    ['Firefox, window closed', new Error('User cancelled or denied access.'), { kind: 'canceled' }],
    ['Firefox, as a plain object', { message: 'User cancelled or denied access.' }, { kind: 'canceled' }],
    ['Chrome, page not loadable', new Error('Authorization page could not be loaded.'), { kind: 'unreachable' }],
    ['Firefox, request failed', new Error('Invalid request'), { kind: 'unreachable' }],
    ['anything else', new Error('Something odd'), { kind: 'other', message: 'Something odd' }],
  ])('%s', (_name, error, expected) => {
    expect(launchFailure(error)).toEqual(expected);
  });
});
