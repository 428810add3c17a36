// One form field, built from its description (lib/api/data-endpoints.ts): times in the user's time
// zone (sent as UTC), whole numbers with their bounds, choices as a select, text.
import { useId } from 'react';
import { Field, inputClass } from '@/components/ui/input';
import type { FieldSpec } from '@/lib/api/data-endpoints';
import { localInputValue, localTimeZone, utcFromLocalInput } from '@/lib/playground/time';

export interface FieldInputProps {
  field: FieldSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** The demo's tighter bounds, said in the hint. */
  demoLimit?: { min: number; max: number };
}

export function FieldInput({ field, value, error, onChange, demoLimit }: FieldInputProps) {
  const id = useId();
  const required = field.required ? ' (required)' : '';
  if (field.kind === 'datetime') {
    return (
      <Field
        id={id}
        label={field.label}
        type="datetime-local"
        step={1}
        value={localInputValue(value)}
        onChange={(e) => onChange(utcFromLocalInput(e.target.value))}
        error={error}
        required={field.required}
        hint={
          <>
            {field.help} In {localTimeZone()}
            {value ? (
              <>
                ; sent as <code className="font-mono">{value}</code>
              </>
            ) : null}
            .{required}
          </>
        }
      />
    );
  }
  if (field.kind === 'enum') {
    const errorId = `${id}-error`;
    const hintId = `${id}-hint`;
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {field.label}
        </label>
        <select id={id} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={[hintId, error ? errorId : ''].join(' ').trim()}>
          {!field.required && <option value="">{field.default !== undefined ? `Default (${field.default})` : 'Any'}</option>}
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {field.help}
        </p>
        {error && (
          <p id={errorId} role="alert" className="text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
    );
  }
  const bounds =
    field.kind === 'integer'
      ? [field.min !== undefined ? `min ${field.min}` : '', field.max !== undefined ? `max ${field.max}` : '', field.default !== undefined ? `default ${field.default}` : '', demoLimit ? `demo ${demoLimit.min}–${demoLimit.max}` : '']
          .filter(Boolean)
          .join(', ')
      : '';
  return (
    <Field
      id={id}
      label={field.label}
      type={field.kind === 'integer' ? 'number' : 'text'}
      inputMode={field.kind === 'integer' ? 'numeric' : undefined}
      min={field.min}
      max={field.max}
      step={field.kind === 'integer' ? 1 : undefined}
      value={value}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onChange(e.target.value)}
      error={error}
      required={field.required}
      hint={`${field.help}${bounds ? ` (${bounds})` : ''}${required}`}
    />
  );
}
