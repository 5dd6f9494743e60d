import { createHash } from 'node:crypto';

/**
 * The exported HTML's only stylesheet. It is inlined and allowed by its hash in the document's
 * Content-Security-Policy, so the policy can forbid every other style, script and resource.
 * Keep it free of `url(...)`: the document must not fetch anything.
 */
export const REPORT_STYLESHEET = `
:root{--ink:#1b2430;--muted:#5a6575;--rule:#d8dee6;--paper:#fff;--wash:#f3f5f8;--accent:#173f6b;--accent-soft:#e7eef6;--positive:#2d7a4b;--negative:#b03a3a;--warning:#a86a12;--info:#2a64a8;--neutral:#667080}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--wash);color:var(--ink);font:15px/1.6 "Segoe UI","Helvetica Neue",Arial,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans CJK SC","Apple Color Emoji","Segoe UI Emoji",sans-serif}
.page{max-width:1000px;margin:0 auto;background:var(--paper);padding:0 56px 40px;box-shadow:0 1px 4px rgba(20,30,50,.08)}
.cover{background:var(--accent);color:#fff;margin:0 -56px 28px;padding:44px 56px 30px}
.cover h1{font-size:34px;line-height:1.15;margin:6px 0 18px;font-weight:650;letter-spacing:-.01em}
.eyebrow{margin:0;font-size:12px;letter-spacing:.12em;text-transform:uppercase;opacity:.85}
.cover .definitions{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px 28px;margin:0 0 16px}
.cover dt{color:rgba(255,255,255,.72)}
.cover p{max-width:760px;opacity:.92}
.cover .notice{color:var(--ink)}
.definitions{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px 24px;margin:8px 0 16px}
.definitions dt{font-size:11.5px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.definitions dd{margin:0 0 6px;font-weight:550}
nav.toc{border:1px solid var(--rule);border-radius:6px;padding:12px 20px;margin:0 0 8px;background:var(--wash)}
nav.toc p{margin:0 0 4px;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
nav.toc ol{columns:2;margin:0;padding-left:20px;font-size:14px}
nav.toc a{color:var(--accent);text-decoration:none}
h2{font-size:22px;color:var(--accent);border-bottom:2px solid var(--accent);padding-bottom:6px;margin:40px 0 14px}
h3{font-size:17px;margin:28px 0 10px;color:var(--ink)}
h4{font-size:12.5px;text-transform:uppercase;letter-spacing:.07em;margin:0 0 8px}
p,li,td,dd,blockquote{overflow-wrap:anywhere}
th,td strong,.badge{overflow-wrap:normal}
a{color:var(--info)}
.table-wrap{overflow-x:auto;margin:6px 0 18px}
table{width:100%;border-collapse:collapse;font-size:13.5px}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:12.5px;padding:0 0 6px}
th{background:var(--accent-soft);color:var(--accent);text-align:left;font-weight:600;border-bottom:2px solid var(--rule)}
th,td{padding:7px 10px;vertical-align:top;border-bottom:1px solid var(--rule)}
tbody tr:nth-child(even){background:#fafbfc}
.align-right{text-align:right;white-space:nowrap}
.align-center{text-align:center}
.cell-list{margin:0;padding-left:18px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;line-height:1.5;white-space:nowrap;background:#eceff3;color:var(--neutral)}
.tone-high,.tone-critical,.tone-negative{background:#f8e3e3;color:var(--negative)}
.tone-medium,.tone-warning{background:#fbefd9;color:var(--warning)}
.tone-low,.tone-neutral{background:#eceff3;color:var(--neutral)}
.tone-positive{background:#e1f1e7;color:var(--positive)}
.tone-info{background:#e3ecf8;color:var(--info)}
.meter{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.meter svg{flex:none}
.meter-label{font-variant-numeric:tabular-nums;font-size:12.5px;color:var(--muted)}
.cover .meter-label{color:#fff}
.cover .meter rect:last-child{fill:#8fbce8}
.citations{font-size:.78em;vertical-align:super;line-height:0;white-space:nowrap}
.citations a{color:var(--info);text-decoration:none;margin-left:1px}
.unverified{color:var(--negative);border:1px dashed var(--negative);border-radius:3px;padding:0 3px;margin-left:2px}
.quadrants{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin:10px 0 18px}
.quadrant{border:1px solid var(--rule);border-top:4px solid var(--neutral);border-radius:4px;padding:12px 16px;background:#fcfcfd}
.quadrant ul{margin:0;padding-left:18px}
.quadrant p{margin:0;color:var(--muted)}
.quadrant-positive{border-top-color:var(--positive);background:#fcfefd}
.quadrant-negative{border-top-color:var(--negative);background:#fffcfc}
.quadrant-warning{border-top-color:var(--warning);background:#fffdf8}
.quadrant-info{border-top-color:var(--info);background:#fbfdff}
.quadrant h4{color:var(--ink)}
blockquote{margin:10px 0;padding:8px 16px;border-left:3px solid var(--rule);color:var(--muted);background:var(--wash)}
blockquote p{margin:4px 0}
ol.evidence blockquote,blockquote p[dir]{white-space:pre-line}
.quote-label{font-size:11.5px;text-transform:uppercase;letter-spacing:.06em}
.notice{border-left:4px solid var(--info);background:#eef4fb;padding:8px 14px;margin:12px 0;border-radius:0 4px 4px 0}
.notice p{margin:0}
.notice-warning{border-left-color:var(--warning);background:#fdf5e6}
ol.evidence{list-style:none;padding:0;margin:0}
ol.evidence>li{padding:10px 0 12px 52px;position:relative;border-bottom:1px solid var(--rule);font-size:13.5px}
ol.evidence>li:target{background:#fff8e0}
.evidence-number{position:absolute;left:0;top:10px;font-weight:650;color:var(--accent)}
.evidence-title{margin:0 0 2px;font-weight:600}
.evidence-meta{margin:0;color:var(--muted)}
.evidence .definitions{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
.evidence .definitions>div{display:contents}
.evidence .definitions dd{font-weight:400;margin:0}
.not-cited{font-weight:400;color:var(--muted)}
.unsafe-url{font-family:ui-monospace,Consolas,monospace;font-size:12px;color:var(--negative)}
footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--rule);color:var(--muted);font-size:12px}
@page{margin:16mm 14mm}
@media print{
body{background:#fff;font-size:10.5pt}
.page{max-width:none;padding:0;box-shadow:none}
.cover{margin:0 0 20px;padding:22px 24px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.badge,.meter svg,th,.quadrant,.notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}
nav.toc{display:none}
.table-wrap{overflow:visible}
h2,h3,h4{break-after:avoid}
tr,.quadrant,blockquote,.notice,ol.evidence>li,dl{break-inside:avoid}
thead{display:table-header-group}
a{color:inherit;text-decoration:none}
#evidence-appendix{break-before:page}
}
@media (max-width:720px){.page{padding:0 20px 32px}.cover{margin:0 -20px 24px;padding:32px 20px 24px}.quadrants{grid-template-columns:1fr}nav.toc ol{columns:1}}
`;

/** The CSP source expression that allows exactly this stylesheet and nothing else. */
export const REPORT_STYLESHEET_HASH = `sha256-${createHash('sha256').update(REPORT_STYLESHEET, 'utf8').digest('base64')}`;

/**
 * No scripts, no network, no forms, no base rewriting: the document can only show itself.
 * (`frame-ancestors` is ignored in a meta element, so it is not claimed here.)
 */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${REPORT_STYLESHEET_HASH}'`,
  "img-src 'none'",
  "script-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
