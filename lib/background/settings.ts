// Settings in the background: validated again on save (the page validated them too), and a
// change of server or of "Stay signed in" applied at once.
import { ApiError } from '../api/errors';
import type { Session } from '../session/session';
import { validateSettings, type Settings } from '../settings';
import { clearDataCache, getSettings, settingsItem } from '../storage';

export { getSettings };

export async function saveSettings(session: Session, input: Settings): Promise<Settings> {
  const checked = validateSettings(input);
  if (!checked.ok) {
    throw new ApiError({ kind: 'validation', code: 'invalid_settings', message: 'Some settings need fixing.', fields: checked.errors });
  }
  const before = await getSettings();
  await settingsItem.setValue(checked.value);
  if (before.staySignedIn !== checked.value.staySignedIn) await session.applyStaySignedIn(checked.value.staySignedIn);
  // Data from another server is not this account's data.
  if (before.apiBaseUrl !== checked.value.apiBaseUrl) await clearDataCache();
  return checked.value;
}
