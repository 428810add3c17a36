// Opening Stripe: only an https:// URL, or http:// on loopback when the API itself is on loopback
// (the local API's stand-in pages). Anything else the server might send is refused.
import { ApiError } from '../api/errors';
import { isLoopbackHost } from '../settings';

export function checkStripeUrl(raw: string, apiBaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused();
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    let api: URL | null = null;
    try {
      api = new URL(apiBaseUrl);
    } catch {
      api = null;
    }
    if (api && api.protocol === 'http:' && isLoopbackHost(api.hostname)) return url.href;
  }
  throw refused();
}

function refused(): ApiError {
  return new ApiError({
    kind: 'invalid_response',
    code: 'unsafe_url',
    message: 'The server sent a payment link that is not a secure https:// address, so it was not opened.',
  });
}
