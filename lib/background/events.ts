// Every browser event the background listens to (alarms, install, tab updates, the start-up
// resume) runs through runEvent: kept alive while it works (keep-alive.ts), and a failure is
// logged with what was being done instead of becoming an unhandled rejection no one reads.
import { warnFailure } from '../log';
import { whileWorking } from './keep-alive';

export function runEvent(what: string, work: () => Promise<unknown>, firefox?: boolean): Promise<void> {
  return whileWorking(work, firefox).then(
    () => undefined,
    (error: unknown) => warnFailure(what, error),
  );
}
