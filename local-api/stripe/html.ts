/** Minimal HTML rendering for the local Stripe pages and the local /billing page. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
  :root { color-scheme: light dark; --fg: #0f172a; --muted: #64748b; --bg: #f8fafc; --card: #fff; --border: #e2e8f0;
          --accent: #4f46e5; --accent-fg: #fff; --ok: #047857; --info: #1d4ed8; }
  @media (prefers-color-scheme: dark) {
    :root { --fg: #e2e8f0; --muted: #94a3b8; --bg: #0b1120; --card: #111827; --border: #1f2937; --accent: #818cf8;
            --accent-fg: #0b1120; --ok: #34d399; --info: #93c5fd; }
  }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
         font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
  main { width: 100%; max-width: 440px; background: var(--card); border: 1px solid var(--border); border-radius: 16px;
         padding: 28px; box-shadow: 0 10px 30px rgb(15 23 42 / 0.08); }
  .badge { display: inline-block; font-size: 12px; font-weight: 600; letter-spacing: .02em; padding: 2px 8px;
           border-radius: 999px; border: 1px solid var(--border); color: var(--muted); }
  h1 { font-size: 20px; margin: 12px 0 4px; }
  .price { font-size: 32px; font-weight: 700; margin: 8px 0 0; }
  .muted { color: var(--muted); }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 16px; margin: 20px 0; }
  dt { color: var(--muted); } dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  .actions { display: flex; flex-direction: column; gap: 10px; margin-top: 20px; }
  form { margin: 0; }
  button, a.button { display: block; width: 100%; text-align: center; font: inherit; font-weight: 600; padding: 10px 14px;
           border-radius: 10px; border: 1px solid var(--border); background: transparent; color: var(--fg);
           cursor: pointer; text-decoration: none; }
  button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
  button.danger { color: #b91c1c; }
  button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  .notice { padding: 10px 12px; border-radius: 10px; border: 1px solid var(--border); margin: 16px 0 0; }
  .notice.ok { color: var(--ok); } .notice.info { color: var(--info); }
  footer { margin-top: 20px; font-size: 12px; color: var(--muted); }
`;

export function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

export function notFoundPage(message: string): Response {
  return page(
    'Page not found',
    `<span class="badge">Test mode</span>
<h1>Something went wrong</h1>
<p class="muted">${escapeHtml(message)}</p>`,
    404,
  );
}
