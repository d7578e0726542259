// packages/resend/src/escape-html.ts:15
import { escapeHtml } from '@lifeline/resend';
escapeHtml('<script>x</script>'); // '&lt;script&gt;x&lt;/script&gt;'

export {};
