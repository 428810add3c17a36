// Routes every message of the protocol to the service, after checking who sent it.
import { toErrorData, ApiError } from '../api/errors';
import { warnFailure } from '../log';
import { messenger, type ProtocolMap, type Result } from '../messaging';
import type { BackgroundService } from './service';
import { whileWorking } from './keep-alive';
import { isOwnPage } from './sender';

type Handlers = {
  [K in keyof ProtocolMap]: (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]> extends Result<infer T> ? T : never>;
};

export function handlersFor(service: BackgroundService): Handlers {
  return {
    getSession: () => service.getSession(),
    signIn: (d) => service.signIn(d.email, d.password),
    createAccount: (d) => service.createAccount(d.email, d.password),
    signOut: () => service.signOut(),
    signInWithGoogle: () => service.signInWithGoogle(),
    takeFirstKeyNotice: () => service.takeFirstKeyNotice(),
    googleRedirectUrl: () => service.googleRedirectUrl(),
    listKeys: () => service.listKeys(),
    createKey: (d) => service.createKey(d.name, d.keyType, d.keepPending ?? false),
    getPendingKey: () => service.getPendingKey(),
    clearPendingKey: () => service.clearPendingKey(),
    renameKey: (d) => service.renameKey(d.id, d.name),
    revealKey: (d) => service.revealKey(d.id),
    revokeKey: (d) => service.revokeKey(d.id),
    getBilling: () => service.getBilling(),
    setPayg: (d) => service.setPayg(d.enable),
    openPortal: () => service.openPortal(),
    openCheckout: () => service.openCheckout(),
    getSettings: () => service.getSettings(),
    saveSettings: (d) => service.saveSettings(d),
    getAlertSettings: () => service.alerts.getSettings(),
    saveAlertSettings: (d) => service.alerts.saveSettings(d),
    keyCopied: (d) => service.keyCopied(d?.copiedAt),
    playgroundSend: (d) => service.playground.handle(d),
    getWelcome: () => service.getWelcome(),
    dismissWelcome: () => service.dismissWelcome(),
    getUsageHistory: () => service.getUsageHistory(),
    getUsageGlance: () => service.getUsageGlance(),
    clearUsageHistory: () => service.clearUsageHistory(),
  };
}

/**
 * Wraps a handler: foreign senders are refused, every throw becomes a typed error result. A throw
 * that is not an ApiError is a bug: it is also logged, with the message's name.
 */
export async function runHandler<T>(sender: { id?: string; url?: string } | undefined, fn: () => Promise<T>, what = 'a message'): Promise<Result<T>> {
  if (!isOwnPage(sender)) {
    return { ok: false, error: new ApiError({ kind: 'extension', code: 'forbidden_sender', message: 'Messages are accepted only from KalshiBook pages.' }).toData() };
  }
  try {
    return { ok: true, data: await whileWorking(fn) };
  } catch (error) {
    if (!(error instanceof ApiError)) warnFailure(what, error);
    return { ok: false, error: toErrorData(error) };
  }
}

/** Must run synchronously in the background's main() so a waking worker handles the first message. */
export function registerHandlers(service: BackgroundService): void {
  const handlers = handlersFor(service);
  for (const type of Object.keys(handlers) as (keyof ProtocolMap)[]) {
    const handler = handlers[type] as (data: unknown) => Promise<unknown>;
    messenger.onMessage(type, ((message: { data: unknown; sender: { id?: string; url?: string } }) =>
      runHandler(message.sender, () => handler(message.data), `the ${type} message`)) as never);
  }
}
