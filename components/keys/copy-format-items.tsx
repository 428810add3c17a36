// The four "Copy as …" items of a row's menu (options Options menu, popup "Copy for code" menu):
// the label is the item's accessible name, the hint under it its description.
import { useId } from 'react';
import { DropdownMenuItem } from '@/components/ui/dropdown-menu';
import { KEY_FORMATS, type KeyFormat, type KeyFormatInfo } from '@/lib/key-formats';
import { CodeIcon } from '@/components/ui/icons';

export function CopyFormatItems({ onSelect }: { onSelect: (format: KeyFormat) => void }) {
  return KEY_FORMATS.map((info) => <CopyFormatItem key={info.format} info={info} onSelect={onSelect} />);
}

function CopyFormatItem({ info, onSelect }: { info: KeyFormatInfo; onSelect: (format: KeyFormat) => void }) {
  const hintId = useId();
  return (
    <DropdownMenuItem aria-label={info.label} aria-describedby={hintId} textValue={info.label} onSelect={() => onSelect(info.format)} className="items-start">
      <CodeIcon className="mt-0.5 shrink-0" />
      <span className="flex min-w-0 flex-col">
        <span>{info.label}</span>
        <span id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {info.hint}
        </span>
      </span>
    </DropdownMenuItem>
  );
}
