import { Toaster as Sonner } from 'sonner';

/** Toasts follow the system theme; the popup keeps them small and at the bottom. */
export function Toaster({ compact = false }: { compact?: boolean }) {
  return <Sonner theme="system" position={compact ? 'bottom-center' : 'bottom-right'} richColors closeButton={!compact} toastOptions={{ duration: 4000 }} />;
}
