/**
 * One self-contained HTML page: the data, the script and the styles inline, and a
 * Content-Security-Policy that forbids every network request the page could make.
 */
import { describeResult } from '../checkers/explain-text.js';
import { jsonText } from '../checkers/history/json-text.js';
import { pageAssets } from './assets.js';
import type { ReportData } from './data/report-data.js';

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

export function reportHtml(data: ReportData): string {
  const { script, style } = pageAssets();
  // Without script, the verdict and the counterexample still read as text.
  const fallback = describeResult(data.check, data.source);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${data.verdict.toUpperCase()} — ${data.title}`)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<noscript><pre>${escapeHtml(fallback)}</pre></noscript>`,
    '<div id="app"></div>',
    `<script type="application/json" id="faultline-data">${jsonForScript(data)}</script>`,
    `<script>${scriptForInline(script)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** JSON inside a script element: `<` is escaped so that no `</script>` can end it early. */
export function jsonForScript(value: unknown): string {
  return jsonText(value).replace(/</g, '\\u003c');
}

function scriptForInline(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
