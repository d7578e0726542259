/** @internal The values the HTML body shows, every one already HTML-escaped. */
export interface PurchaseView {
  subject: string;
  greeting: string;
  intro: string;
  url: string;
  product: string | undefined;
  leads: string;
  total: string;
  expires: string;
  recipient: string;
  supportEmail: string | undefined;
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const CELL = `${FONT};font-size:14px;line-height:20px;padding:6px 0;color:#111827`;

function row(label: string, value: string): string {
  return `<tr><th scope="row" align="left" style="${CELL};font-weight:normal;color:#4b5563;width:40%">${label}</th><td align="right" style="${CELL};font-weight:600">${value}</td></tr>`;
}

/**
 * @internal Lays out the purchase email. Every value in `view` is already HTML-escaped; this file
 * adds markup only. Tables and inline styles because mail clients ignore `<style>` and flexbox.
 */
export function renderPurchaseHtml(view: PurchaseView): string {
  const help = view.supportEmail
    ? `If the link has expired or does not work, write to <a href="mailto:${view.supportEmail}" style="color:#1d4ed8">${view.supportEmail}</a> and we will send a new one.`
    : 'If the link has expired or does not work, reply to this email and we will send a new one.';
  const rows = [
    view.product === undefined ? '' : row('Product', view.product),
    row('Leads', view.leads),
    row('Total', view.total),
    row('Link expires', view.expires),
  ].join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6">
<div style="display:none;max-height:0;overflow:hidden">${view.intro}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px">
<tr><td style="padding:32px">
<h1 style="${FONT};font-size:22px;line-height:28px;margin:0 0 16px;color:#111827">Your download is ready</h1>
<p style="${FONT};font-size:16px;line-height:24px;margin:0 0 8px;color:#111827">${view.greeting}</p>
<p style="${FONT};font-size:16px;line-height:24px;margin:0 0 24px;color:#111827">${view.intro}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px"><tr>
<td style="border-radius:6px;background-color:#1d4ed8"><a href="${view.url}" style="${FONT};display:inline-block;padding:12px 24px;font-size:16px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px">Download your leads</a></td>
</tr></table>
<p style="${FONT};font-size:13px;line-height:20px;margin:0 0 24px;color:#4b5563">Button not working? Copy this link into your browser:<br><a href="${view.url}" style="color:#1d4ed8;word-break:break-all">${view.url}</a></p>
<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-top:1px solid #e5e7eb;margin:0 0 24px">
<caption style="${FONT};font-size:16px;font-weight:600;text-align:left;padding:16px 0 8px;color:#111827">Order summary</caption>
${rows}
</table>
<p style="${FONT};font-size:14px;line-height:20px;margin:0 0 16px;color:#4b5563">The download link expires on ${view.expires}. ${help}</p>
<p style="${FONT};font-size:12px;line-height:18px;margin:0;color:#6b7280">This receipt was sent to ${view.recipient}.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
