// Accessible tabs (WAI-ARIA tabs pattern: roving tabindex, arrow keys, Home/End, automatic
// activation). Hand-written because the popup's JavaScript budget is tight and this is ~60 lines.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from './cn';

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

export function TabList<T extends string>({
  tabs,
  value,
  onChange,
  label,
  idPrefix,
  orientation = 'horizontal',
  className,
  tabClassName,
}: {
  tabs: TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
  label: string;
  idPrefix: string;
  orientation?: 'horizontal' | 'vertical';
  className?: string;
  tabClassName?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const prev = orientation === 'vertical' ? ['ArrowUp', 'ArrowLeft'] : ['ArrowLeft'];
    const next = orientation === 'vertical' ? ['ArrowDown', 'ArrowRight'] : ['ArrowRight'];
    let target: number | null = null;
    if (prev.includes(e.key)) target = (index - 1 + tabs.length) % tabs.length;
    else if (next.includes(e.key)) target = (index + 1) % tabs.length;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = tabs.length - 1;
    if (target === null) return;
    e.preventDefault();
    onChange(tabs[target]!.id);
    refs.current[target]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} aria-orientation={orientation} className={className}>
      {tabs.map((tab, index) => {
        const selected = tab.id === value;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            data-state={selected ? 'active' : 'inactive'}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
            className={tabClassName}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

/** Only the active panel is mounted. */
export function TabPanel({ idPrefix, id, active, className, children }: { idPrefix: string; id: string; active: boolean; className?: string; children: ReactNode }) {
  if (!active) return null;
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`} tabIndex={0} className={cn('focus-visible:outline-none', className)}>
      {children}
    </div>
  );
}
