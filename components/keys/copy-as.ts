// "Copy as .env line / shell export / Python / curl" for a full key the page holds for a moment
// (just revealed, or the show-once view's). Loaded on first use: the popup starts without it.
import { toast } from '@/components/ui/toast';
import type { BackgroundClient } from '@/lib/client';
import { CURL_COST, formatKey, keyFormatInfo, KeyFormatError, type KeyFormat } from '@/lib/key-formats';
import { announceKeyCopy } from './announce-copy';
import { copyText } from './clipboard';

export async function copyKeyAs(client: Pick<BackgroundClient, 'getSettings' | 'keyCopied'>, format: KeyFormat, key: string): Promise<void> {
  let apiBaseUrl = '';
  if (format === 'curl' || format === 'python') {
    // The API the user set in Settings (a staging or local server gets its own URL; Python passes
    // it as the SDK's base_url when it is not the SDK's default).
    const settings = await client.getSettings();
    if (!settings.ok) {
      toast.error(settings.error.message);
      return;
    }
    apiBaseUrl = settings.data.apiBaseUrl;
  }
  let text: string;
  try {
    text = formatKey(format, key, apiBaseUrl);
  } catch (error) {
    if (!(error instanceof KeyFormatError)) throw error;
    toast.error(error.message);
    return;
  }
  if (await copyText(text)) await announceKeyCopy(client, keyFormatInfo(format).copied, format === 'curl' ? CURL_COST : undefined);
}
