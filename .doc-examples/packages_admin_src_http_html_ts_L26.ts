// packages/admin/src/http/html.ts:26
import { escapeHtml } from '@lifeline/resend';
escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'

export {};
