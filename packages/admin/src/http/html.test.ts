import { describe, expect, test } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html';

describe('html', () => {
  test('escapes every interpolated value', () => {
    const hostile = `<script>alert("x")</script>' onmouseover='x' \`y\` &amp;`;
    expect(html`<p title="${hostile}">${hostile}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x&#39; &#96;y&#96; &amp;amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x&#39; &#96;y&#96; &amp;amp;</p>',
    );
  });

  test('nested html is inserted as is, never escaped twice; arrays are joined', () => {
    const items = ['<a>', 'b&'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>&lt;a&gt;</li><li>b&amp;</li></ul>');
  });

  test('null, undefined and false render nothing; numbers and true render as text', () => {
    expect(html`${null}${undefined}${false}|${0}|${true}`.value).toBe('|0|true');
  });

  test('a plain string that looks like SafeHtml is still escaped', () => {
    const fake = { value: '<b>' } as unknown as string;
    expect(html`${String(fake)}`.value).toBe('[object Object]');
    expect(html`${new SafeHtml('<b>ok</b>')}`.value).toBe('<b>ok</b>');
    expect(escapeHtml('<>&"\'`')).toBe('&lt;&gt;&amp;&quot;&#39;&#96;');
  });
});
