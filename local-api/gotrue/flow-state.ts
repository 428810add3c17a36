// GoTrue's OAuth flow state (models/flow_state.go) as the local database keeps it: shared by the
// OAuth/PKCE routes (oauth.ts) and the stand-in for Google's account chooser (google-standin.ts).
import type { AppContext } from '../context';

/** GoTrue's FlowStateExpiryDuration default. */
export const FLOW_STATE_EXPIRY_SECONDS = 300;

export interface FlowState {
  id: string;
  user_id: string | null;
  auth_code: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  provider_type: string;
  referrer: string;
  provider_code: string | null;
  provider_email: string | null;
  age_seconds: number;
}

export const FLOW_COLUMNS = `id, user_id, auth_code, code_challenge, code_challenge_method, provider_type, referrer, provider_code,
  provider_email, (extract(epoch FROM now() - created_at))::float8 AS age_seconds`;

export function flowExpired(app: AppContext, flow: FlowState): boolean {
  return flow.age_seconds > app.settings.flowStateExpiry;
}

export const redirect = (location: string): Response => new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
