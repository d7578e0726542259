import { html, type SafeHtml } from '../http/html';

/** Which section the page belongs to, for the navigation's `aria-current`. */
export type Section = 'failed-operations' | 'incidents' | 'bulk-jobs' | 'operations-health' | null;

/** What every dashboard page has in common. */
export interface LayoutOptions {
  title: string;
  basePath: string;
  section: Section;
  /** The signed-in admin, shown with a sign-out button; absent on the login page. */
  admin?: string;
  body: SafeHtml;
}

/**
 * The page shell: language, viewport, the package's own stylesheet and script (no CDN, no inline code,
 * so the CSP can forbid inline scripts), a skip link, navigation and one `<main>`.
 */
export function layout(options: LayoutOptions): SafeHtml {
  const { basePath: base, section } = options;
  const link = (target: Exclude<Section, null>, label: string) =>
    html`<a href="${base}/${target}"${section === target ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.title} · Lifeline admin</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}/assets/admin.css">
<script src="${base}/assets/admin.js" defer></script>
</head>
<body data-base="${base}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="top">
  <p class="brand">Lifeline admin</p>
  <nav aria-label="Admin sections">${link('failed-operations', 'Failed operations')} ${link('incidents', 'Incidents')} ${link('bulk-jobs', 'Bulk jobs')} ${link('operations-health', 'Operations health')}</nav>
  ${
    options.admin &&
    html`<div class="who"><span>Signed in as <strong>${options.admin}</strong></span>
  <button type="button" class="link-button" data-action="logout">Sign out</button></div>`
  }
</header>
<main id="main" tabindex="-1">
<div id="flash" class="flash" role="status" aria-live="polite" hidden></div>
${options.body}
</main>
</body>
</html>`;
}

/** A status as a badge: text (never colour alone) with a class for its colour. */
export function badge(status: string, label: string = status.replace('_', ' ')): SafeHtml {
  return html`<span class="badge b-${status}">${label}</span>`;
}
