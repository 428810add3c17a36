export { SettingsSection, STAY_SIGNED_IN_HINT } from './SettingsSection';
export { SignOutButton } from './SignOutButton';
export { useSettings, type SettingsState } from './use-settings';
