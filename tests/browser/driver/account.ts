// Settings and the account, as a user works them: point the extension at the local API through the Settings form, create an account, sign in and out.
import type { ElementHandle, Page } from 'puppeteer-core';
import type { LocalApi } from '../../../local-api/server';
import { apiSession, corsUrl, PASSWORD, randomEmail } from './api';
import type { Ext } from './extension';
import { click, dismissToasts, expectToast, field, fill, find, openOptions, showSection, visible, waitIn } from './ui';

/** Points the extension at `api` like a user: Settings → the four fields → Save → "Settings saved". The API through `localhost` (see `corsUrl`), the
 * dashboard on 127.0.0.1 (the build's one host permission). */
export async function configureServer(page: Page, api: LocalApi, urls: { api?: string; dashboard?: string } = {}): Promise<void> {
  await showSection(page, 'Settings');
  const form = await find(page, 'form', 'Server settings');
  await fill(page, await field(form, 'API base URL'), urls.api ?? corsUrl(api));
  await fill(page, await field(form, 'Auth URL'), urls.api ?? corsUrl(api));
  await fill(page, await field(form, 'Anon key'), api.anonKey);
  await fill(page, await field(form, 'Dashboard URL'), urls.dashboard ?? api.dashboardUrl);
  await dismissToasts(page);
  await click(form, 'button', 'Save');
  await expectToast(page, 'Settings saved');
}

const SIGN_IN_FORM = 'form:has(input[type=password])';
export const signInForm = (page: Page) => visible(page, SIGN_IN_FORM);
export const isSignInFormShown = async (page: Page) => (await page.$(SIGN_IN_FORM)) !== null;

async function fillCredentials(page: Page, form: ElementHandle<Element>, email: string, password: string): Promise<void> {
  await fill(page, await field(form, 'Email'), email);
  await fill(page, await field(form, 'Password'), password);
}

const passwordGone = (page: Page) => waitIn(page, () => !document.querySelector('input[type=password]'), []);

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  const form = await signInForm(page);
  await click(form, 'button', 'Create account');
  await find(page, 'heading', 'Create your KalshiBook account');
  await fillCredentials(page, form, email, password);
  await click(form, 'button', 'Create account');
  await passwordGone(page);
}

/** Fills the sign-in form and clicks "Sign in"; the form, for what it says when that fails. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<ElementHandle<Element>> {
  const form = await signInForm(page);
  await fillCredentials(page, form, email, password);
  await click(form, 'button', 'Sign in');
  return form;
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await submitSignIn(page, email, password);
  await passwordGone(page);
}

/** Settings → "Sign out"; waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await showSection(page, 'Settings');
  await dismissToasts(page);
  await click(page, 'button', 'Sign out');
  await expectToast(page, 'Signed out');
  await showSection(page, 'API Keys');
  await signInForm(page);
}

/** A fresh account made on an options page (configured first), the page closed, with `keys`
 * created over the API besides "default": its email, the session and the keys made, by name. */
export async function accountWithKeys(ext: Ext, api: LocalApi, label: string, keys: [name: string, type?: 'dev' | 'prod'][]) {
  const { page, email } = await newAccount(ext, api, { label, configure: true });
  await ext.closePage(page);
  const server = await apiSession(api, email);
  const created: Record<string, { id: string; key: string }> = {};
  for (const [name, type] of keys) created[name] = await server.createKey(name, type);
  return { email, server, created };
}

/** A fresh account through the options page (configured first when asked). */
export async function newAccount(ext: Ext, api: LocalApi, options: { label?: string; configure?: boolean; page?: Page } = {}): Promise<{ page: Page; email: string }> {
  const page = options.page ?? (await openOptions(ext));
  if (options.configure) await configureServer(page, api);
  await showSection(page, 'API Keys');
  const email = randomEmail(options.label);
  await signUp(page, email);
  await find(page, 'table', 'API keys');
  return { page, email };
}
