import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Lead Shop · Lifeline checkout example',
  description: 'A checkout whose receipts and webhooks cannot be lost silently.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a href="/" className="brand">
            Lead Shop
          </a>
          <nav aria-label="Admin">
            <a href="/admin/failed-operations">Failed operations</a>
            <a href="/admin/operations-health">Operations health</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
