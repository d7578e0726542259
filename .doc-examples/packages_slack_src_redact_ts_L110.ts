// packages/slack/src/redact.ts:110
import { redactUrl } from '@lifeline/slack';
redactUrl('https://cdn.example.com/f.csv?X-Amz-Signature=abc&id=7'); // '...?X-Amz-Signature=[redacted]&id=7'

export {};
