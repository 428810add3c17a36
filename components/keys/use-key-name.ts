import { useState } from 'react';
import { keyNameProblem } from '@/lib/format';

/**
 * A key name being typed, with the dashboard's rules (required, ≤ 100 characters). "Required" is
 * shown after the first attempt to submit; "too long" as soon as it is true.
 */
export function useKeyName(initial = '') {
  const [name, setName] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const problem = keyNameProblem(name);
  const shownProblem = attempted || name.trim() !== '' ? problem : null;
  return {
    name,
    setName,
    problem: shownProblem,
    /** Marks the form as submitted; true when the name may be sent. */
    attempt(): boolean {
      setAttempted(true);
      return problem === null;
    },
    reset() {
      setName(initial);
      setAttempted(false);
    },
  };
}
