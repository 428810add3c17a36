import { lazy, Suspense, useEffect, useState } from 'react';
import { markToasterMounted, onToasterWanted, toasterWanted } from './toast';

const SonnerToaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

function Mounted() {
  // Runs after the sibling toaster's own effects, i.e. after it subscribed to new toasts.
  useEffect(() => markToasterMounted(), []);
  return null;
}

/** Toasts follow the system theme; the popup keeps them small and at the bottom. Mounted on first use. */
export function Toaster({ compact = false }: { compact?: boolean }) {
  const [wanted, setWanted] = useState(toasterWanted);
  useEffect(() => {
    if (toasterWanted()) setWanted(true);
    return onToasterWanted(() => setWanted(true));
  }, []);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <SonnerToaster theme="system" position={compact ? 'bottom-center' : 'bottom-right'} richColors closeButton={!compact} toastOptions={{ duration: 4000 }} />
      <Mounted />
    </Suspense>
  );
}
