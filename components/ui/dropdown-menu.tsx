// An accessible menu (role="menu", arrow keys, typeahead, Escape, focus return) on Radix's
// dropdown, styled like the rest of the UI. Content is mounted only while the menu is open.
import * as Menu from '@radix-ui/react-dropdown-menu';
import { forwardRef, type ComponentPropsWithoutRef, type ComponentRef } from 'react';
import { cn } from './cn';

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export const DropdownMenuContent = forwardRef<ComponentRef<typeof Menu.Content>, ComponentPropsWithoutRef<typeof Menu.Content>>(
  function DropdownMenuContent({ className, sideOffset = 4, align = 'end', ...rest }, ref) {
    return (
      <Menu.Portal>
        <Menu.Content
          ref={ref}
          sideOffset={sideOffset}
          align={align}
          className={cn(
            'z-50 min-w-[10rem] overflow-hidden rounded-xl border border-slate-200 bg-white p-1 text-sm text-slate-900 shadow-lg',
            'dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
            className,
          )}
          {...rest}
        />
      </Menu.Portal>
    );
  },
);

export const DropdownMenuItem = forwardRef<
  ComponentRef<typeof Menu.Item>,
  ComponentPropsWithoutRef<typeof Menu.Item> & { variant?: 'default' | 'destructive' }
>(function DropdownMenuItem({ className, variant = 'default', ...rest }, ref) {
  return (
    <Menu.Item
      ref={ref}
      className={cn(
        'flex cursor-default items-center gap-2 rounded-lg px-2 py-1.5 outline-none select-none',
        'data-[disabled]:pointer-events-none data-[disabled]:opacity-50',
        variant === 'destructive'
          ? 'text-red-600 data-[highlighted]:bg-red-50 dark:text-red-400 dark:data-[highlighted]:bg-red-950/60'
          : 'data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800',
        className,
      )}
      {...rest}
    />
  );
});

export const DropdownMenuSeparator = forwardRef<ComponentRef<typeof Menu.Separator>, ComponentPropsWithoutRef<typeof Menu.Separator>>(
  function DropdownMenuSeparator({ className, ...rest }, ref) {
    return <Menu.Separator ref={ref} className={cn('my-1 h-px bg-slate-200 dark:bg-slate-700', className)} {...rest} />;
  },
);
