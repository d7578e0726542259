// packages/admin/src/http/html.ts:54
import { html } from '../packages/admin/src/http/html.ts';
const entry = { name: '<img src=x onerror=alert(1)>' };
html`<td>${entry.name}</td>`; // entry.name is escaped: &lt;img …

export {};
