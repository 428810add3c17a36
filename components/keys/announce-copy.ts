// After a full key went to the clipboard: the background schedules the clear (Settings, "Clear
// clipboard after copying a key") and the toast says when it happens.
import { toast } from '@/components/ui/toast';
import type { BackgroundClient } from '@/lib/client';
import { CLIPBOARD_CLEAR_CHOICES } from '@/lib/settings';

/** " Clears in 1 minute." for 60; "" for null ("Never"). */
export function clearsIn(seconds: number | null): string {
  if (!seconds) return '';
  const label = CLIPBOARD_CLEAR_CHOICES.find((c) => c.seconds === seconds)?.label ?? `${seconds} seconds`;
  return `Clears in ${label}.`;
}

/** "API key copied to clipboard. Clears in 1 minute." (`what` names what was copied). */
export async function announceKeyCopy(client: Pick<BackgroundClient, 'keyCopied'>, what = 'API key', description?: string): Promise<void> {
  // The clear counts from now, the moment of the copy, not from when the background (perhaps
  // still waking up) gets the message.
  const res = await client.keyCopied({ copiedAt: Date.now() });
  const copied = `${what} copied to clipboard`;
  if (!res.ok) {
    toast.success(copied, { description: [description, `It will not be cleared automatically: ${res.error.message}`].filter(Boolean).join(' ') });
    return;
  }
  const when = clearsIn(res.data.clearsInSeconds);
  toast.success(when ? `${copied}. ${when}` : copied, description ? { description } : undefined);
}
