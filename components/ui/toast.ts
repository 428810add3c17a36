// A lazy front for sonner: the popup must start with little JavaScript, and toasts are only needed
// after the user does something. The first toast loads sonner and mounts the <Toaster/>, then
// shows the toast once the toaster listens (sonner drops toasts published before it subscribes).
import type { ExternalToast } from 'sonner';

type Sonner = typeof import('sonner');

let sonner: Promise<Sonner> | null = null;
let mounted: Promise<void> | null = null;
let resolveMounted: (() => void) | null = null;
const wantListeners = new Set<() => void>();

export function toasterWanted(): boolean {
  return sonner !== null;
}

export function onToasterWanted(listener: () => void): () => void {
  wantListeners.add(listener);
  return () => wantListeners.delete(listener);
}

/** Called by <Toaster/> once sonner's toaster has subscribed. */
export function markToasterMounted(): void {
  resolveMounted?.();
}

function ready(): Promise<Sonner> {
  if (!sonner) {
    sonner = import('sonner');
    mounted = new Promise((resolve) => {
      resolveMounted = resolve;
    });
    for (const listener of wantListeners) listener();
  }
  return Promise.all([sonner, mounted]).then(([s]) => s);
}

type Kind = 'success' | 'error' | 'info' | 'message';

/** A toast with a button stays long enough to read it and reach the button (others: 4 s, <Toaster/>). */
export const ACTION_TOAST_MS = 10_000;

function show(kind: Kind, message: string, shown?: ExternalToast): void {
  const options = shown?.action && shown.duration === undefined ? { ...shown, duration: ACTION_TOAST_MS } : shown;
  void ready().then(({ toast: t }) => {
    if (kind === 'message') t(message, options);
    else t[kind](message, options);
  });
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show('success', message, options),
  error: (message: string, options?: ExternalToast) => show('error', message, options),
  info: (message: string, options?: ExternalToast) => show('info', message, options),
  message: (message: string, options?: ExternalToast) => show('message', message, options),
  dismiss: () => {
    if (sonner) void sonner.then(({ toast: t }) => t.dismiss());
  },
};
