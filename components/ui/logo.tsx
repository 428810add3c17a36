/** The KalshiBook mark: order-book bars on an indigo tile (same drawing as the toolbar icon). */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#4f46e5" />
      <rect x="7" y="8.3" width="17.9" height="3.5" rx="1" fill="#fff" />
      <rect x="7" y="14.4" width="12.8" height="3.5" rx="1" fill="#fff" />
      <rect x="7" y="20.5" width="15.4" height="3.5" rx="1" fill="#fff" />
    </svg>
  );
}
