/**
 * The report's CSS. System fonts only (no external assets); severity and status are shown as
 * coloured badges that always carry their label, so nothing depends on telling red from green.
 * The colours keep a contrast of at least 4.5:1 against their text. Print: no controls, every
 * matching row, badge colours kept.
 */
export const BASE_CSS = `
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--link:#0a58ca;
--critical:#8b1a1a;--high:#b4380c;--medium:#855400;--low:#1f5fbf;--info:#57606a;
--pass:#1a7f37;--fail:#cf222e;--unknown:#855400;--suppressed:#6639ba;--error:#1f2328;--na:#57606a}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{padding:16px 24px 48px;max-width:1680px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
a{color:var(--link)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
p{margin:6px 0}
.muted{color:var(--muted)}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 16px;margin:10px 0}
.meta dt{color:var(--muted)}
.meta dd{margin:0;overflow-wrap:anywhere}
.toc ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:12px 0 0}
.banner{border:2px solid var(--fail);background:#fff5f5;padding:10px 14px;border-radius:6px;margin:12px 0}
.banner strong{display:block;font-size:15px}
.banner.ok{border-color:var(--pass);background:#f0fff4}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}
.card{display:block;border:1px solid var(--line);border-left-width:8px;border-radius:6px;padding:6px 12px;min-width:120px;color:inherit;text-decoration:none}
.card .n{display:block;font-size:26px;font-weight:700;line-height:1.2}
.card .l{font-weight:600;font-size:12px;letter-spacing:.04em}
.card .d{display:block;font-size:12px;color:var(--muted)}
.card.c-critical{border-left-color:var(--critical)}.card.c-high{border-left-color:var(--high)}
.card.c-medium{border-left-color:var(--medium)}.card.c-low{border-left-color:var(--low)}.card.c-info{border-left-color:var(--info)}
.card:hover,.card:focus{background:var(--soft)}
.card.zero .n{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:4px 0}
table.fit{width:auto;min-width:min(100%,720px)}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0;z-index:1;font-weight:600;white-space:nowrap}
tr.f{scroll-margin-top:2.5em}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.zero{color:var(--muted)}
.wrap{overflow-wrap:anywhere}
.sev,.st,.v{display:inline-block;padding:0 6px;border-radius:4px;font-size:11.5px;font-weight:700;letter-spacing:.03em;white-space:nowrap;line-height:1.6}
.sev{color:#fff}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.st,.v{border:1px solid currentColor;background:#fff}
.st-FAIL,.v-FAIL{color:var(--fail)}.st-PASS,.v-PASS{color:var(--pass)}.st-UNKNOWN,.v-UNKNOWN{color:var(--unknown)}
.st-SUPPRESSED{color:var(--suppressed)}.st-ERROR{color:var(--error)}.st-NOT_APPLICABLE,.v-NOT_APPLICABLE{color:var(--na)}
.lc{display:inline-block;margin-left:4px;font-size:11px;color:var(--muted);font-weight:600}
.rt{display:block;font-size:11.5px;color:var(--muted)}
.gaps td{overflow-wrap:anywhere}
.rules tbody th{font-weight:400}
details>summary{cursor:pointer}
details[open]>summary{font-weight:600}
.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:6px 0 4px}
.kv dt{color:var(--muted)}
.kv dd{margin:0;overflow-wrap:anywhere}
pre.ev{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:0;max-height:360px;overflow:auto}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;padding:8px 10px;background:var(--soft);border:1px solid var(--line);border-radius:6px;margin:8px 0}
.filters label{display:flex;flex-direction:column;gap:2px;font-size:12px;color:var(--muted)}
.filters input,.filters select,.filters button,.pager button{font:inherit;font-size:13px;padding:3px 6px;max-width:22em}
.filters input[type=search]{width:20em}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0}
#findings-table{table-layout:auto}
#findings-table td{overflow-wrap:anywhere}
#findings-table td:nth-child(-n+2){white-space:nowrap}
#findings-table td:nth-child(3){min-width:11em;overflow-wrap:normal}
#findings-table td:nth-child(4){min-width:9.5em}
#findings-table td:nth-child(5){min-width:9em}
#findings-table td:nth-child(6){min-width:13em}
#findings-table td:last-child{min-width:22em}
html.js tr.f{display:none}
html.js tr.f.on{display:table-row}
@media print{
  body{font-size:10.5pt}
  main{padding:0;max-width:none}
  .toc,.filters,.pager,.noprint,#findings-count,#findings-nojs{display:none!important}
  thead th{position:static}
  tr{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .sev,.st,.v,.card,.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  pre.ev{max-height:none}
  h2{break-after:avoid}
}
`.trim();
