// Optional permissions in the real-browser suite. Chromium shows its permission prompt as browser
// UI that a headless run cannot click (a `permissions.request` for a new permission just waits).
// So a test that needs a permission granted starts from a profile in which the user has already
// allowed it: Chromium keeps an extension's granted permissions in the profile's Preferences
// (`extensions.settings.<id>.granted_permissions` / `active_permissions`), and a later
// `permissions.request` for them resolves `true` at once, as after an earlier "Allow". Nothing in
// the extension changes for this; the prompt's own outcomes (allowed, refused) are covered by the
// component tests with a mocked `browser.permissions`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchExtension, type ExtensionBrowser } from './harness';

export interface Grant {
  /** API permissions, e.g. `notifications`. */
  permissions?: string[];
  /** Host match patterns, e.g. `http://localhost/*`. */
  origins?: string[];
}

type PermissionSet = { api?: string[]; explicit_host?: string[]; manifest_permissions?: string[]; scriptable_host?: string[] };

/**
 * Launches Chromium once to install the extension into a fresh profile, writes `grant` into that
 * profile as permissions the user granted, and launches it again on the same profile.
 */
export async function launchWithGrantedPermissions(grant: Grant): Promise<ExtensionBrowser> {
  const first = await launchExtension();
  const { profileDir, extensionId } = first;
  await first.close({ keepProfile: true });
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8')) as { extensions?: { settings?: Record<string, Record<string, PermissionSet>> } };
  const entry = prefs.extensions?.settings?.[extensionId];
  if (!entry) throw new Error(`The profile has no settings for extension ${extensionId}.`);
  for (const key of ['granted_permissions', 'active_permissions']) {
    const set: PermissionSet = (entry[key] ??= { api: [], explicit_host: [], manifest_permissions: [], scriptable_host: [] });
    set.api = [...new Set([...(set.api ?? []), ...(grant.permissions ?? [])])];
    set.explicit_host = [...new Set([...(set.explicit_host ?? []), ...(grant.origins ?? [])])];
  }
  writeFileSync(file, JSON.stringify(prefs));
  const ext = await launchExtension({ profileDir });
  if (ext.extensionId !== extensionId) throw new Error('The extension id changed between launches.');
  return ext;
}
