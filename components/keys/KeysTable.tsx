// The options page's keys table. With 1,000 keys it must render fast, so a row is plain markup:
// its Options button is an ordinary button until it is first used, and only that one row then
// mounts the (heavier) Radix menu. Rows are memoised so opening a menu re-renders one row.
import { memo, useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { KeyUsageItem } from '@/lib/api/schemas';
import { formatCredits, formatShortDate, maskedKey } from '@/lib/format';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Skeleton } from '@/components/ui/skeleton';
import { CopyIcon, KeyIcon, MoreIcon, PencilIcon, TrashIcon } from './icons';
import { KeyTypeBadge, LoadingKeys } from './parts';

export type KeyAction = 'copy-key' | 'copy-prefix' | 'rename' | 'revoke';

/** Actions that open a dialog: the dialog takes focus, the menu must not pull it back. */
const opensDialog = (action: KeyAction) => action === 'rename' || action === 'revoke';

interface MenuState {
  id: string;
  open: boolean;
  viaKeyboard: boolean;
}

export interface KeysTableProps {
  /** null: still loading (skeleton rows). */
  rows: KeyUsageItem[] | null;
  onAction: (action: KeyAction, row: KeyUsageItem) => void;
}

const headCell = 'px-4 py-2.5 text-left text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400';
const cell = 'px-4 py-3 align-middle';

export function KeysTable({ rows, onAction }: KeysTableProps) {
  const [menu, setMenu] = useState<MenuState | null>(null);
  const openMenu = useCallback((id: string, viaKeyboard: boolean) => setMenu({ id, open: true, viaKeyboard }), []);
  const setMenuOpen = useCallback((id: string, open: boolean) => setMenu((m) => (m && m.id === id ? { ...m, open, viaKeyboard: false } : m)), []);

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <thead className="border-b border-slate-200 dark:border-slate-700">
          <tr>
            <th scope="col" className={headCell}>Name</th>
            <th scope="col" className={headCell}>Type</th>
            <th scope="col" className={headCell}>Usage</th>
            <th scope="col" className={headCell}>Key</th>
            <th scope="col" className={headCell}>Created</th>
            <th scope="col" className={headCell}>Last used</th>
            <th scope="col" className={`${headCell} text-right`}>Options</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
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
                />
              ))}
        </tbody>
      </table>
    </div>
  );
}

function SkeletonRow({ first }: { first: boolean }) {
  return (
    <tr>
      <td className={cell}>
        {first && <LoadingKeys />}
        <Skeleton className="h-4 w-28" />
      </td>
      <td className={cell}><Skeleton className="h-4 w-10" /></td>
      <td className={cell}><Skeleton className="h-4 w-20" /></td>
      <td className={cell}><Skeleton className="h-4 w-24" /></td>
      <td className={cell}><Skeleton className="h-4 w-20" /></td>
      <td className={cell}><Skeleton className="h-4 w-20" /></td>
      <td className={cell}><Skeleton className="ml-auto h-8 w-8" /></td>
    </tr>
  );
}

interface KeyRowProps {
  row: KeyUsageItem;
  menu: MenuState | null;
  onOpenMenu: (id: string, viaKeyboard: boolean) => void;
  onMenuOpenChange: (id: string, open: boolean) => void;
  onAction: (action: KeyAction, row: KeyUsageItem) => void;
}

const KeyRow = memo(function KeyRow({ row, menu, onOpenMenu, onMenuOpenChange, onAction }: KeyRowProps) {
  return (
    <tr className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
      <td className={cell}>
        <div className="max-w-[16rem] truncate font-medium text-slate-900 dark:text-slate-100" title={row.name}>
          {row.name}
        </div>
      </td>
      <td className={cell}>
        <KeyTypeBadge type={row.key_type} />
      </td>
      <td className={`${cell} whitespace-nowrap tabular-nums text-slate-700 dark:text-slate-300`}>{formatCredits(row.credits_used)}</td>
      <td className={cell}>
        <code className="font-mono text-xs whitespace-nowrap text-slate-700 dark:text-slate-300">{maskedKey(row.key_prefix)}</code>
      </td>
      <td className={`${cell} whitespace-nowrap text-slate-600 dark:text-slate-400`}>{formatShortDate(row.created_at)}</td>
      <td className={`${cell} whitespace-nowrap text-slate-600 dark:text-slate-400`}>{formatShortDate(row.last_used_at)}</td>
      <td className={`${cell} text-right`}>
        <RowOptions row={row} menu={menu} onOpenMenu={onOpenMenu} onMenuOpenChange={onMenuOpenChange} onAction={onAction} />
      </td>
    </tr>
  );
});

function RowOptions({ row, menu, onOpenMenu, onMenuOpenChange, onAction }: KeyRowProps) {
  const label = `Options for ${row.name}`;
  const triggerClass = 'ml-auto';
  const contentRef = useRef<HTMLDivElement>(null);
  const focusStaysAway = useRef(false);

  if (!menu) {
    // Stand-in until the menu is first used: same look and name, no Radix machinery.
    const open = (viaKeyboard: boolean) => {
      focusStaysAway.current = false;
      onOpenMenu(row.id, viaKeyboard);
    };
    return (
      <Button
        variant="ghost"
        size="icon"
        className={triggerClass}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={false}
        data-options-for={row.id}
        // detail 0: activated from the keyboard or assistive technology.
        onClick={(e) => open(e.detail === 0)}
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            open(true);
          }
        }}
      >
        <MoreIcon />
      </Button>
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
        <Button variant="ghost" size="icon" className={triggerClass} aria-label={label} data-options-for={row.id}>
          <MoreIcon />
        </Button>
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
