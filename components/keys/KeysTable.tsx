// The options page's keys table. With 1,000 keys it must render fast, so a row is light markup:
// its Options button is an ordinary button until it is first used, and only that one row then
// mounts the (heavier) Radix menu. Rows are memoised so opening a menu re-renders one row.
import { memo, useCallback, useRef, useState } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { formatCredits, formatShortDate, maskedKey } from '@/lib/format';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { MenuButton, MenuStandIn } from '@/components/ui/menu-button';
import { Skeleton } from '@/components/ui/skeleton';
import type { KeyFormat } from '@/lib/key-formats';
import { CopyFormatItems } from './copy-format-items';
import { CopyIcon, KeyIcon, MoreIcon, PencilIcon, PlayIcon, TrashIcon } from '@/components/ui/icons';
import { KeyTypeBadge, LoadingKeys } from './parts';
import { ShareBar, sharePercent } from './share';

export type KeyAction = 'copy-key' | 'copy-prefix' | 'rename' | 'revoke' | 'playground' | `copy-as:${KeyFormat}`;

/** Actions that open a dialog: the dialog takes focus, the menu must not pull it back. */
const opensDialog = (action: KeyAction) => action === 'rename' || action === 'revoke' || action === 'playground';

interface MenuState {
  id: string;
  open: boolean;
  viaKeyboard: boolean;
}

export interface KeysTableProps {
  /** null: still loading (skeleton rows). */
  rows: KeyUsageItem[] | null;
  onAction: (action: KeyAction, row: KeyUsageItem) => void;
  /**
   * Credits of all keys this cycle: each Usage cell gets a bar of its share. 0 (or absent): no
   * bars, e.g. while the numbers are last cycle's.
   */
  shareTotal?: number;
  /** The usage numbers describe the cycle that has ended (the server has not reset them yet). */
  lastCycle?: boolean;
}

// A grid with table roles rather than <table>: rows can then use content-visibility, so with 1,000
// keys the browser lays out only the rows on screen (table rows cannot skip layout).
const columns = 'grid grid-cols-[minmax(9rem,1fr)_4.5rem_7.5rem_7rem_7rem_7rem_4.5rem] items-center gap-x-2 px-2';
const headCell = 'px-2 py-2.5 text-left text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400';
const cell = 'min-w-0 px-2 py-3';
const rowClass = `${columns} [contain-intrinsic-size:auto_3.5rem] [content-visibility:auto]`;

export function KeysTable({ rows, onAction, shareTotal = 0, lastCycle = false }: KeysTableProps) {
  const [menu, setMenu] = useState<MenuState | null>(null);
  const openMenu = useCallback((id: string, viaKeyboard: boolean) => setMenu({ id, open: true, viaKeyboard }), []);
  const setMenuOpen = useCallback((id: string, open: boolean) => setMenu((m) => (m && m.id === id ? { ...m, open, viaKeyboard: false } : m)), []);

  return (
    <div className="overflow-x-auto">
      <div role="table" aria-label="API keys" className="min-w-[50rem] text-sm">
        <div role="rowgroup" className="border-b border-slate-200 dark:border-slate-700">
          <div role="row" className={columns}>
            <div role="columnheader" className={headCell}>Name</div>
            <div role="columnheader" className={headCell}>Type</div>
            <div role="columnheader" className={headCell}>Usage</div>
            <div role="columnheader" className={headCell}>Key</div>
            <div role="columnheader" className={headCell}>Created</div>
            <div role="columnheader" className={headCell}>Last used</div>
            <div role="columnheader" className={`${headCell} text-right`}>Options</div>
          </div>
        </div>
        <div role="rowgroup" className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows === null
            ? [0, 1, 2].map((i) => <SkeletonRow key={i} first={i === 0} />)
            : rows.map((row) => (
                <KeyRow
                  key={row.id}
                  row={row}
                  menu={menu?.id === row.id ? menu : null}
                  onOpenMenu={openMenu}
                  onMenuOpenChange={setMenuOpen}
                  onAction={onAction}
                  shareTotal={shareTotal}
                  lastCycle={lastCycle}
                />
              ))}
        </div>
      </div>
    </div>
  );
}

function SkeletonRow({ first }: { first: boolean }) {
  return (
    <div role="row" className={columns} data-skeleton>
      <div role="cell" className={cell}>
        {first && <LoadingKeys />}
        <Skeleton className="h-4 w-28" />
      </div>
      <div role="cell" className={cell}><Skeleton className="h-4 w-10" /></div>
      <div role="cell" className={cell}><Skeleton className="h-4 w-20" /></div>
      <div role="cell" className={cell}><Skeleton className="h-4 w-24" /></div>
      <div role="cell" className={cell}><Skeleton className="h-4 w-20" /></div>
      <div role="cell" className={cell}><Skeleton className="h-4 w-20" /></div>
      <div role="cell" className={cell}><Skeleton className="ml-auto h-8 w-8" /></div>
    </div>
  );
}

interface KeyRowProps {
  row: KeyUsageItem;
  menu: MenuState | null;
  onOpenMenu: (id: string, viaKeyboard: boolean) => void;
  onMenuOpenChange: (id: string, open: boolean) => void;
  onAction: (action: KeyAction, row: KeyUsageItem) => void;
}

interface UsageProps {
  shareTotal: number;
  lastCycle: boolean;
}

const KeyRow = memo(function KeyRow({ row, menu, onOpenMenu, onMenuOpenChange, onAction, shareTotal, lastCycle }: KeyRowProps & UsageProps) {
  return (
    <div role="row" className={`${rowClass} hover:bg-slate-50 dark:hover:bg-slate-800/50`}>
      <div role="cell" className={`${cell} truncate font-medium text-slate-900 dark:text-slate-100`} title={row.name}>
        {row.name}
      </div>
      <div role="cell" className={cell}>
        <KeyTypeBadge type={row.key_type} />
      </div>
      <div role="cell" className={`${cell} tabular-nums text-slate-700 dark:text-slate-300`}>
        <span className="block truncate">{formatCredits(row.credits_used)}</span>
        {lastCycle && <span className="block truncate text-xs text-slate-500 dark:text-slate-400">last cycle</span>}
        {shareTotal > 0 && <ShareBar percent={sharePercent(row.credits_used, shareTotal)} className="mt-1" />}
      </div>
      <div role="cell" className={`${cell} truncate font-mono text-xs text-slate-700 dark:text-slate-300`}>{maskedKey(row.key_prefix)}</div>
      <div role="cell" className={`${cell} truncate text-slate-600 dark:text-slate-400`}>{formatShortDate(row.created_at)}</div>
      <div role="cell" className={`${cell} truncate text-slate-600 dark:text-slate-400`}>{formatShortDate(row.last_used_at)}</div>
      <div role="cell" className={`${cell} flex justify-end`}>
        <RowOptions row={row} menu={menu} onOpenMenu={onOpenMenu} onMenuOpenChange={onMenuOpenChange} onAction={onAction} />
      </div>
    </div>
  );
});

function RowOptions({ row, menu, onOpenMenu, onMenuOpenChange, onAction }: KeyRowProps) {
  const label = `Options for ${row.name}`;
  const contentRef = useRef<HTMLDivElement>(null);
  const focusStaysAway = useRef(false);

  if (!menu) {
    return (
      <MenuStandIn
        aria-label={label}
        icon={<MoreIcon />}
        data-options-for={row.id}
        onOpen={(viaKeyboard) => {
          focusStaysAway.current = false;
          onOpenMenu(row.id, viaKeyboard);
        }}
      />
    );
  }

  const select = (action: KeyAction) => () => {
    // Read when the menu has closed: a dialog opened by the action keeps the focus.
    focusStaysAway.current = opensDialog(action);
    onAction(action, row);
  };

  return (
    <DropdownMenu
      open={menu.open}
      onOpenChange={(open) => {
        if (open) focusStaysAway.current = false;
        onMenuOpenChange(row.id, open);
      }}
    >
      <DropdownMenuTrigger asChild>
        <MenuButton aria-label={label} icon={<MoreIcon />} data-options-for={row.id} />
      </DropdownMenuTrigger>
      <DropdownMenuContent
        ref={contentRef}
        aria-label={label}
        onFocus={(e) => {
          // Opened from the keyboard: start on the first item, as a menu button should. (Radix
          // focuses the menu itself here, since the key press happened before it was mounted.)
          if (menu.viaKeyboard && e.target === e.currentTarget) {
            contentRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
          }
        }}
        onCloseAutoFocus={(e) => {
          if (focusStaysAway.current) e.preventDefault();
        }}
      >
        <DropdownMenuItem onSelect={select('copy-key')}>
          <CopyIcon />
          Copy key
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={select('copy-prefix')}>
          <KeyIcon />
          Copy key prefix
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <CopyFormatItems onSelect={(format) => select(`copy-as:${format}`)()} />
        <DropdownMenuItem onSelect={select('playground')}>
          <PlayIcon />
          Try in Playground
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={select('rename')}>
          <PencilIcon />
          Rename
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={select('revoke')}>
          <TrashIcon />
          Revoke
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
