import { BAND_STYLE } from './palette.js';

/**
 * The report's only stylesheet, inline so the page makes no request. Print rules give clean A4: each
 * major section starts a page, and no chart, table row or question is cut by a page break.
 */
export const reportCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;font-size:1rem;line-height:1.5;color:#212b32;background:#fff}
main{max-width:62rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.9rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.5rem;line-height:1.3;margin:2.5rem 0 .75rem;border-top:4px solid #005eb8;padding-top:.75rem}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
.intro h2{border-top:0;padding-top:0;margin-top:1.5rem}
.caption{color:#4c6272;font-size:1.1rem;margin:0}
.small{font-size:.875rem;color:#4c6272}
.skip{position:absolute;left:-9999px}
.skip:focus{position:static;display:inline-block;padding:.5rem;background:#ffeb3b;color:#212b32}
a:focus,.table-wrap:focus{outline:3px solid #ffeb3b;box-shadow:0 0 0 6px #212b32}
.summary li{margin-bottom:.4rem}
.table-wrap{max-width:100%;overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0 .5rem}
th,td{border-bottom:1px solid #d8dde0;padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #212b32}
.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total th,tr.total td{font-weight:bold}
tr.group th{background:#f0f4f5;font-weight:bold}
.ci{color:#4c6272;white-space:nowrap}
.sig{white-space:nowrap}
.band{display:inline-block;padding:0 .4rem;border-left:6px solid;border-radius:2px;white-space:nowrap}
${Object.entries(BAND_STYLE)
  .map(
    ([band, s]) =>
      `.band-${band}{background:${s.background};border-left:6px solid ${s.border}}.band.band-${band}{border-left-color:${s.border}}`,
  )
  .join('\n')}
.heatmap td,.heatmap thead th{min-width:6rem}
.heatmap thead th:first-child,.heatmap th[scope=row]{min-width:9rem}
/* On a narrow screen the table scrolls sideways inside its region; the row names stay in view. */
.heatmap th[scope=row]{position:sticky;left:0;background:#fff;z-index:1}
.heatmap thead th{font-size:.8rem;vertical-align:bottom}
.heatmap td{font-size:.8rem;border:2px solid #fff;line-height:1.3}
.heatmap td .value{display:block;font-size:1rem;font-weight:bold}
.heatmap td .label,.heatmap td .vs{display:block}
.heatmap td.suppressed,.heatmap td.empty{background:#fff;color:#4c6272;font-style:italic;border:2px dashed #aeb7bd}
figure{margin:0 0 1rem}
figcaption{font-weight:bold;margin-bottom:.25rem}
figure.chart svg{display:block;width:100%;max-width:40rem;height:auto}
figure.question{margin-bottom:1.25rem}
figure.question figcaption{font-weight:normal}
figure.question p{margin:.25rem 0 0}
.legend{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem}
.swatch{display:inline-block;width:1rem;height:1rem;margin-right:.35rem;vertical-align:-.15rem;border:1px solid #212b32}
@page{size:A4;margin:15mm}
@media print{
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  .skip{display:none}
  section{break-before:page}
  section.intro{break-before:auto}
  h2,h3,figcaption,caption{break-after:avoid}
  figure,tr,.legend,.table-wrap{break-inside:avoid}
  .table-wrap{overflow:visible}
  .heatmap td,.heatmap th{min-width:0 !important}
  .heatmap th[scope=row]{position:static}
  .heatmap td,.heatmap thead th{font-size:7.5pt}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
