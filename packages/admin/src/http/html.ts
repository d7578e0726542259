/** A string of HTML that is safe to insert as is: built only by {@link html} from escaped parts. */
export class SafeHtml {
  /** @internal use {@link html}; the constructor trusts its argument. */
  constructor(readonly value: string) {}

  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (`& < > " ' \``).
 *
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ENTITIES[char]!);
}

/** What an interpolation in {@link html} may be. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The one way the dashboard builds markup: a tagged template that escapes every interpolated value,
 * except values that are themselves `html` results. Arrays are joined; `null`, `undefined` and `false`
 * render nothing (so `${cond && html`...`}` works).
 *
 * Guarantee: text from payloads, errors, notes or query strings can never become markup, because the
 * only unescaped inputs are the template's literal parts, which are written in this package.
 * Interpolate into quoted attributes only (`href="${url}"`), never into unquoted ones or `<script>`.
 *
 * @example
 * ```ts
 * const entry = { name: '<img src=x onerror=alert(1)>' };
 * html`<td>${entry.name}</td>`; // entry.name is escaped: &lt;img …
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}
