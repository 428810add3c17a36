import { toast } from '@/components/ui/toast';

/** Writes to the clipboard; a refusal (no focus, no permission) becomes a toast, not a throw. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    toast.error("Couldn't copy to the clipboard. Click the page and try again.");
    return false;
  }
}
