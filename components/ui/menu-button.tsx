// A row's menu button, in its two forms. Rows show the stand-in until the menu is first used: the
// same look and name as the real trigger, without Radix's menu machinery (or, in the popup, before
// the menu's code has loaded). The real trigger is the same button inside DropdownMenuTrigger.
import { forwardRef, type KeyboardEvent, type ReactNode } from 'react';
import { Button, type ButtonProps } from './button';

export interface MenuButtonProps extends Omit<ButtonProps, 'variant' | 'size' | 'children'> {
  /** The accessible name, e.g. "Copy for code" or "Options for <key>". */
  'aria-label': string;
  icon: ReactNode;
}

/** The look every row menu's button shares: an icon button named by `aria-label`. */
export const MenuButton = forwardRef<HTMLButtonElement, MenuButtonProps>(function MenuButton({ icon, ...rest }, ref) {
  return (
    <Button ref={ref} variant="ghost" size="icon" {...rest}>
      {icon}
    </Button>
  );
});

export interface MenuStandInProps extends Omit<MenuButtonProps, 'onClick' | 'onKeyDown'> {
  /** Mount and open the real menu; `viaKeyboard`: focus then starts on its first item. */
  onOpen(viaKeyboard: boolean): void;
}

/** The menu button before the menu is mounted: opens it on a click, Enter, Space or ArrowDown. */
export function MenuStandIn({ onOpen, icon, ...rest }: MenuStandInProps) {
  // The Button itself, not MenuButton: a table row renders this 1,000 times, one layer less each.
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-haspopup="menu"
      aria-expanded={false}
      // detail 0: activated from the keyboard or assistive technology.
      onClick={(e) => onOpen(e.detail === 0)}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'ArrowDown') {
          e.preventDefault();
          onOpen(true);
        }
      }}
      {...rest}
    >
      {icon}
    </Button>
  );
}
