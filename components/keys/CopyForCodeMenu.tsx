// The popup row's "Copy for code" menu. Loaded only when a row's menu is first opened (see
// KeysList): Radix's menu machinery and the formats are not part of the popup's startup.
import { useRef } from 'react';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { KeyUsageItem } from '@/lib/api/schemas';
import type { KeyFormat } from '@/lib/key-formats';
import { CopyFormatItems } from './copy-format-items';
import { CodeIcon } from './icons';

export interface CopyForCodeMenuProps {
  row: KeyUsageItem;
  open: boolean;
  /** Opened from the keyboard: focus starts on the first item. */
  viaKeyboard: boolean;
  onOpenChange: (open: boolean) => void;
  onCopy: (row: KeyUsageItem, format: KeyFormat) => void;
}

/** The menu is named by its button ("Copy for code"), inside the row named by the key. */
export default function CopyForCodeMenu({ row, open, viaKeyboard, onOpenChange, onCopy }: CopyForCodeMenuProps) {
  const contentRef = useRef<HTMLDivElement>(null);
  return (
    <DropdownMenu open={open} onOpenChange={onOpenChange}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Copy for code">
          <CodeIcon />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent
        ref={contentRef}
        className="w-64"
        onFocus={(e) => {
          // Radix focuses the menu itself when it mounts open; from the keyboard, start on an item.
          if (viaKeyboard && e.target === e.currentTarget) contentRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
        }}
      >
        <CopyFormatItems onSelect={(format) => onCopy(row, format)} />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
