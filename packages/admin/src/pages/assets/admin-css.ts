/**
 * The dashboard's stylesheet, served from the package at `{base}/assets/admin.css` (no CDN, no build step).
 * Colours meet WCAG AA contrast on their backgrounds; status is always also written as text.
 */
export const ADMIN_CSS = `
:root {
  --bg: #f6f8fa; --surface: #ffffff; --text: #1f2328; --muted: #57606a; --border: #d0d7de;
  --accent: #0550ae; --accent-text: #ffffff; --focus: #0969da;
  --ok-bg: #dafbe1; --ok: #116329; --warn-bg: #fff8c5; --warn: #6f4400; --bad-bg: #ffebe9; --bad: #a40e26;
  --info-bg: #ddf4ff; --info: #0a3069; --none-bg: #eaeef2; --none: #424a53;
  --c-succeeded: #1a7f37; --c-retrying: #bf8700; --c-dead: #cf222e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
.skip-link { position: absolute; left: -9999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; top: .5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875rem; }
code { overflow-wrap: anywhere; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1.5rem; background: #24292f; color: #ffffff; }
.brand { margin: 0; font-weight: 700; }
.top nav { display: flex; gap: 1rem; flex-wrap: wrap; }
.top nav a { color: #ffffff; text-decoration: none; padding: .25rem 0; border-bottom: 3px solid transparent; }
.top nav a[aria-current="page"] { border-bottom-color: #ffffff; font-weight: 600; }
.top nav a:hover { text-decoration: underline; }
.who { margin-left: auto; display: flex; gap: .75rem; align-items: center; font-size: .875rem; }
.top .link-button { color: #ffffff; }

main { max-width: 1440px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.75rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 1rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.lede { color: var(--muted); margin-top: 0; max-width: 70ch; }

button, .button { display: inline-flex; align-items: center; justify-content: center; min-height: 2.5rem; padding: .4rem 1rem;
  font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text);
  cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: var(--surface); color: var(--accent); }
button.primary { background: var(--ok); border-color: var(--ok); }
button:disabled { opacity: .55; cursor: not-allowed; }
.button.small, button.small { min-height: 2rem; padding: .2rem .7rem; font-size: .875rem; }
.link-button { background: none; border: none; padding: 0; min-height: auto; color: var(--accent); text-decoration: underline; font-weight: 400; }

.field { display: flex; flex-direction: column; gap: .25rem; }
.field.check { flex-direction: row; align-items: center; gap: .5rem; }
.field.buttons { flex-direction: row; align-items: center; gap: .5rem; }
label { font-weight: 600; font-size: .875rem; }
input[type="text"], input:not([type]), input[type="password"], input[type="search"], input[type="number"], input[type="datetime-local"], select, textarea {
  font: inherit; padding: .4rem .6rem; min-height: 2.5rem; border: 1px solid #8c959f; border-radius: 6px; background: var(--surface); color: var(--text); }
input[type="checkbox"] { width: 1.15rem; height: 1.15rem; accent-color: var(--accent); }
textarea { width: 100%; resize: vertical; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; padding: 1rem; background: var(--surface);
  border: 1px solid var(--border); border-radius: 8px; margin: 1rem 0; }

.flash { padding: .75rem 1rem; border-radius: 6px; margin: .75rem 0; border: 1px solid; background: var(--info-bg); color: var(--info); }
.flash p { margin: .25rem 0; }
.flash.success { background: var(--ok-bg); color: var(--ok); }
.flash.warn { background: var(--warn-bg); color: var(--warn); }
.flash.error { background: var(--bad-bg); color: var(--bad); }
.warn { color: var(--warn); background: var(--warn-bg); padding: .5rem .75rem; border-radius: 6px; }

.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .8125rem; font-weight: 600; white-space: nowrap;
  background: var(--none-bg); color: var(--none); }
.b-open, .b-warning, .b-degraded { background: var(--warn-bg); color: var(--warn); }
.b-retrying, .b-info { background: var(--info-bg); color: var(--info); }
.b-resolved, .b-healthy { background: var(--ok-bg); color: var(--ok); }
.b-critical { background: var(--bad-bg); color: var(--bad); }
.badge.wrap { white-space: normal; }

.workspace { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
.workspace.has-detail { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); grid-template-areas: "list detail"; }
.workspace.has-detail .list-column { grid-area: list; }
.workspace.has-detail .detail { grid-area: detail; align-self: start; }

.bulk fieldset { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; border: 1px solid var(--border); border-radius: 8px;
  padding: .75rem 1rem; margin: 0 0 1rem; background: var(--surface); }
.bulk legend { font-weight: 600; padding: 0 .25rem; }
.bulk fieldset { min-width: 0; }
.bulk .field.buttons { flex-wrap: wrap; }
.table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid var(--border); vertical-align: middle; }
.has-detail .col-optional { display: none; }
thead th { font-size: .8125rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: #f6f8fa; }
tbody tr:last-child td, tbody tr:last-child th { border-bottom: none; }
tr.current { background: var(--info-bg); }
.error-cell { color: var(--muted); font-size: .875rem; overflow-wrap: anywhere; }
td[data-label="Failed"] { white-space: nowrap; }
.row-action { text-align: right; white-space: nowrap; }
.empty { padding: 2rem; text-align: center; background: var(--surface); border: 1px dashed var(--border); border-radius: 8px; }
.pager { display: flex; gap: 1.5rem; margin-top: 1rem; }

.detail { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; }
.detail-head { display: flex; justify-content: space-between; align-items: flex-start; gap: .5rem 1rem; }
.detail-head h2 { margin: 0; overflow-wrap: break-word; min-width: 0; }
.facts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .5rem 1rem; margin: 1rem 0; }
.facts div.wide { grid-column: 1 / -1; }
.facts dt { font-size: .8125rem; color: var(--muted); }
.facts dd { margin: 0; }
.actions { display: flex; flex-direction: column; gap: .75rem; padding: .75rem 0; border-top: 1px solid var(--border); border-bottom: 1px solid var(--border); }
.actions > button { align-self: flex-start; }
.resolve-form { display: flex; flex-direction: column; gap: .35rem; align-items: flex-start; }
.resolve-form p { margin: 0; font-size: .875rem; }
.error-chain { padding-left: 1.25rem; overflow-wrap: anywhere; }
.error-chain li { margin-bottom: .5rem; }
.tags { display: inline-flex; flex-wrap: wrap; gap: .25rem; }
.tag { font-size: .75rem; padding: 0 .4rem; border: 1px solid var(--border); border-radius: 4px; color: var(--muted); }
pre { background: #f6f8fa; border: 1px solid var(--border); border-radius: 6px; padding: .75rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.history { padding-left: 1.25rem; }
.history li { margin-bottom: .35rem; }
.resolved-note { background: var(--ok-bg); color: var(--ok); padding: .5rem .75rem; border-radius: 6px; }

.overall { font-size: 1.05rem; }
.tiles { list-style: none; padding: 0; margin: 1rem 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; }
@media (min-width: 1400px) { .tiles { grid-template-columns: repeat(6, minmax(0, 1fr)); } }
.tile { background: var(--surface); border: 1px solid var(--border); border-left: 6px solid var(--none); border-radius: 8px; padding: .75rem 1rem; }
.tile p { margin: .25rem 0; }
.tile.t-healthy { border-left-color: var(--c-succeeded); }
.tile.t-degraded { border-left-color: var(--c-retrying); }
.tile.t-critical { border-left-color: var(--c-dead); }
.tile-title { margin: 0; font-size: .9375rem; color: var(--muted); }
.tile-value { font-size: 2rem; font-weight: 700; line-height: 1.2; }
.tile-target { font-size: .875rem; }
.panel { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.panel h2 { margin-top: 0; }
.chart-wrap { overflow-x: auto; }
.chart { display: block; width: 100%; min-width: 560px; height: auto; }
.chart .axis { font-size: 11px; fill: var(--muted); }
.chart .grid { stroke: var(--border); stroke-width: 1; }
.c-succeeded { fill: var(--c-succeeded); }
.c-retrying { fill: var(--c-retrying); }
.c-dead { fill: var(--c-dead); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: 0 0 .5rem; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.swatch { width: .9rem; height: .9rem; }
.chart-data { margin-top: .75rem; }
.chart-data table { font-size: .875rem; }
.alerts { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: .75rem; }
.alert { border: 1px solid var(--border); border-left: 6px solid var(--none); border-radius: 6px; padding: .5rem .75rem; }
.alert.a-critical { border-left-color: var(--c-dead); }
.alert.a-warning { border-left-color: var(--c-retrying); }
.alert p { margin: .25rem 0; overflow-wrap: anywhere; }
.alert-head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.alert-head time { color: var(--muted); font-size: .875rem; }
.alert-fields { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .25rem 0; font-size: .875rem; }
.alert-fields dt { color: var(--muted); }
.alert-fields dd { margin: 0; overflow-wrap: anywhere; }
.login { max-width: 28rem; display: flex; flex-direction: column; gap: .75rem; background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 1.25rem; }
.login button { align-self: flex-start; }

.filters .field.grow { flex: 1 1 16rem; }
.filters .field.grow input { width: 100%; }
input[type="number"] { width: 7rem; }
.totals { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0 1rem; }
.total { text-decoration: none; padding: .2rem .6rem; border-radius: 999px; border: 1px solid var(--border); background: var(--surface); }
.total[aria-current="true"] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
.total.t-open { color: var(--warn); } .total.t-retrying { color: var(--info); } .total.t-resolved { color: var(--ok); }
.groups-section h2 { margin-top: .5rem; }
table.groups td:first-child { overflow-wrap: anywhere; }
code.key { font-size: .75rem; }
.small { font-size: .8125rem; }
.tabs { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; }
.tabs a[aria-current="page"] { font-weight: 700; text-decoration: none; border-bottom: 3px solid var(--accent); }
.incident-actions { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
.incident-actions .mute { display: inline-flex; gap: .35rem; align-items: center; }
select.small { min-height: 2rem; padding: .1rem .4rem; font-size: .875rem; }
progress { width: 100%; height: 1.25rem; margin: .5rem 0; accent-color: var(--accent); }
.job .facts { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.permanent-warning p { margin: 0; }
.tile-link { display: inline-block; margin-top: .25rem; font-size: .875rem; }
table.attempts { font-size: .875rem; }

/* In the detail panel the attempts are cards at every width: the panel is too narrow for six columns. */
.detail .table-wrap { border: none; background: none; overflow: visible; }
.detail table.cards, .detail table.cards tbody, .detail table.cards tr, .detail table.cards td { display: block; width: 100%; }
.detail table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.detail table.cards tr { border: 1px solid var(--border); border-radius: 8px; margin-bottom: .5rem; padding: .4rem .75rem; }
.detail table.cards td { border: none; padding: .15rem 0; display: grid; grid-template-columns: 8rem minmax(0, 1fr); gap: .5rem; }
.detail table.cards td::before { content: attr(data-label); font-size: .8125rem; color: var(--muted); font-weight: 600; }

@media (max-width: 1024px) {
  .workspace.has-detail { grid-template-columns: minmax(0, 1fr); grid-template-areas: "detail" "list"; }
  .workspace.has-detail .detail { position: static; max-height: none; }
}
@media (max-width: 720px) {
  main { padding: .75rem .75rem 2rem; }
  .top { padding: .6rem .75rem; }
  .who { margin-left: 0; }
  h1 { font-size: 1.4rem; }
  .filters .field, .filters select, .filters input:not([type="checkbox"]) { width: 100%; }
  .filters .field.check { width: auto; }
  .table-wrap { border: none; background: none; overflow: visible; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; margin-bottom: .75rem; padding: .5rem .75rem; }
  table.cards tr.current { background: var(--info-bg); }
  table.cards td { border: none; padding: .2rem 0; display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: .5rem; }
  table.cards td::before { content: attr(data-label); font-size: .8125rem; color: var(--muted); font-weight: 600; }
  table.cards td.row-action { display: block; text-align: left; padding-top: .4rem; }
  .facts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .6rem; }
  .tile { padding: .6rem .7rem; }
  .tile-value { font-size: 1.5rem; }
  .tile-target { font-size: .8125rem; }
  .bulk legend { font-size: .9375rem; }
  .job .facts { grid-template-columns: minmax(0, 1fr); }
  .filters input[type="number"] { width: 100%; }
}
`;
