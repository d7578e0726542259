// packages/slack/src/redact.ts:166
import { redactText } from '@lifeline/slack';
redactText('Send to jane@example.com failed with key sk_live_51Habc123'); // 'Send to j***@example.com failed with key sk_live_[redacted]'

export {};
