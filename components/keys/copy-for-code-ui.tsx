// "Copy for code" in the popup: the per-row menu and the show-once view's buttons. One module,
// loaded only when first used (a row's menu opened, a key shown once), so the popup starts without
// it, Radix's menu machinery or the formats — and as one chunk, so it does not split the popup's
// startup code into more files.
import { useId, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { browser } from 'wxt/browser';
import { MenuButton } from '@/components/ui/menu-button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { useClient } from '@/lib/client';
import { CURL_COST, ENV_VAR, KEY_FORMATS } from '@/lib/key-formats';
import { copyKeyAs } from './copy-as';
import { CopyFormatItems } from './copy-format-items';
import { CodeIcon, PlayIcon } from '@/components/ui/icons';
import type { CopyAs } from './use-copy-key';

export interface CopyForCodeMenuProps {
  row: KeyUsageItem;
  open: boolean;
  /** Opened from the keyboard: focus starts on the first item. */
  viaKeyboard: boolean;
  onOpenChange: (open: boolean) => void;
  /** Reveals the row's key and hands it to `copyAs` (useCopyKey's copyKey). */
  onCopy: (row: KeyUsageItem, copyAs: CopyAs) => void;
}

/** The popup row's menu, named by its button ("Copy for code"), inside the row named by the key. */
export function CopyForCodeMenu({ row, open, viaKeyboard, onOpenChange, onCopy }: CopyForCodeMenuProps) {
  const client = useClient();
  const contentRef = useRef<HTMLDivElement>(null);
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange}>
      <DropdownMenuTrigger asChild>
        <MenuButton aria-label="Copy for code" icon={<CodeIcon />} />
      </DropdownMenuTrigger>
      <DropdownMenuContent
        ref={contentRef}
        className="w-72 max-w-[calc(100vw-1rem)]"
        onFocus={(e) => {
          // Radix focuses the menu itself when it mounts open; from the keyboard, start on an item.
          if (viaKeyboard && e.target === e.currentTarget) contentRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
        }}
      >
        <CopyFormatItems onSelect={(format) => onCopy(row, (key) => copyKeyAs(client, format, key))} />
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void openPlayground(row.id)}>
          <PlayIcon className="shrink-0" />
          Try in Playground
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The options page's Playground with this key selected (the popup itself carries none of it). */
async function openPlayground(keyId: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#playground?key=${encodeURIComponent(keyId)}`) });
  window.close();
}

/** The show-once view's buttons: the new key as a .env line, a shell export, Python or curl. */
export function ShowOnceFormats({ rawKey }: { rawKey: string }) {
  const client = useClient();
  const headingId = useId();
  const hintId = useId();
  return (
    <div role="group" aria-labelledby={headingId} aria-describedby={hintId} className="flex flex-col gap-2">
      <p id={headingId} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        Copy for code
      </p>
      <div className="grid grid-cols-2 gap-2">
        {KEY_FORMATS.map((f) => (
          <Button key={f.format} variant="outline" size="sm" className="justify-start" title={f.hint} onClick={() => void copyKeyAs(client, f.format, rawKey)}>
            {f.label}
          </Button>
        ))}
      </div>
      <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
        Python uses the official SDK (<code className="font-mono">pip install kalshibook</code>), which also reads {ENV_VAR}. The curl command calls GET /markets. {CURL_COST}
      </p>
    </div>
  );
}
