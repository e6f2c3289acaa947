/**
 * The report page (Eta, escaping by default: `<%= %>` escapes every value; `<%~ %>` only inserts the
 * stylesheet and the SVG strings that Plot drew from numbers and our own labels, never user text).
 */
/** The document head both pages share: the CSP as a meta tag (it must hold when opened from S3). */
export const headTemplate = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="<%= it.csp %>">
<title><%= it.title %></title>
<style><%~ it.css %></style>
</head>
`;

export const reportTemplate = `<%~ include('@head', it) %>
<body>
<a class="skip" href="#main">Skip to the report</a>
<main id="main">

<section class="intro" aria-labelledby="title">
<p class="caption"><%= it.m.collaborationName %></p>
<h1 id="title"><%= it.m.surveyTitle %>: results for round <%= it.m.wave.id %></h1>
<p>This round was open from <strong><%= it.opensAt %></strong> to <strong><%= it.closesAt %></strong>. <%= it.respondedSentence %></p>
<h2 id="summary">What stands out</h2>
<ul class="summary">
<% it.m.summary.forEach(function (s) { %><li><%= s %></li><% }) %>
</ul>
<p class="small">Figures are only shown for groups of at least <%= it.m.k %> people. Produced <%= it.generatedAt %>.</p>
</section>

<section aria-labelledby="participation">
<h2 id="participation">Who took part</h2>
<div class="table-wrap" role="region" aria-labelledby="participation-caption" tabindex="0">
<table>
<caption id="participation-caption">Response rate in round <%= it.m.wave.id %>: people invited and people who answered</caption>
<thead><tr><th scope="col">Group</th><th scope="col" class="num">Invited</th><th scope="col" class="num">Answered</th><th scope="col" class="num">Response rate</th></tr></thead>
<tbody>
<tr class="total"><th scope="row"><%= it.m.participation.overall.name %></th><td class="num"><%= it.count(it.m.participation.overall.invited) %></td><td class="num"><%= it.count(it.m.participation.overall.responses) %></td><td class="num"><%= it.rate(it.m.participation.overall.responseRate) %></td></tr>
<% it.m.participation.groups.forEach(function (g) { %>
<tr class="group"><th scope="rowgroup" colspan="4">By <%= g.label.toLowerCase() %></th></tr>
<% g.rows.forEach(function (r) { %>
<tr><th scope="row"><%= r.name %></th><td class="num"><%= it.count(r.invited) %></td><td class="num"><%= it.count(r.responses) %></td><td class="num"><%= it.rate(r.responseRate) %></td></tr>
<% }) %>
<% }) %>
</tbody>
</table>
</div>
<% if (it.m.participation.groups.length === 0) { %><p class="small">This snapshot does not break participation down by group.</p><% } %>
</section>

<section aria-labelledby="headline">
<h2 id="headline">Each characteristic at a glance</h2>
<p>The mean score out of 5 with its 95% interval, the share of people who agreed or strongly agreed (favourable), the band, and the change since the previous round. <span aria-hidden="true">▲▼</span> marks a significant change.</p>
<div class="table-wrap" role="region" aria-labelledby="headline-caption" tabindex="0">
<table class="headline">
<caption id="headline-caption">Characteristics, everyone, round <%= it.m.wave.id %></caption>
<thead><tr><th scope="col">Characteristic</th><th scope="col" class="num">Mean (95% interval)</th><th scope="col" class="num">Favourable</th><th scope="col">Band</th><th scope="col">Change since previous round</th></tr></thead>
<tbody>
<% it.m.headline.forEach(function (h) { %>
<tr data-characteristic="<%= h.id %>">
<th scope="row"><%= h.name %></th>
<% if (h.state.kind === 'published') { %>
<td class="num"><span data-figure="mean"><%= it.mean(h.state.mean) %></span><% if (h.ci95) { %> <span class="ci">(<%= it.mean(h.ci95[0]) %> to <%= it.mean(h.ci95[1]) %>)</span><% } %></td>
<td class="num" data-figure="favourable"><%= h.favourable === null ? '–' : it.percent(h.favourable) %></td>
<td><span class="band band-<%= h.state.band %>"><%= it.bandLabel(h.state.band) %></span></td>
<td><% if (h.change) { %><span data-figure="change"><%= it.signed(h.change.meanDelta) %></span> since <%= h.change.fromWave %><% if (h.change.significant) { %> <strong class="sig"><span aria-hidden="true"><%= h.change.meanDelta > 0 ? '▲' : '▼' %></span> significant</strong><% } else { %> <span class="small">(not significant)</span><% } %><% } else { %><span class="small">no earlier figure</span><% } %></td>
<% } else { %>
<td colspan="4"><%= it.stateText(h.state) %></td>
<% } %>
</tr>
<% }) %>
</tbody>
</table>
</div>
</section>

<% it.m.heatmaps.forEach(function (hm) { %>
<section aria-labelledby="heatmap-<%= hm.dimension %>">
<h2 id="heatmap-<%= hm.dimension %>">By <%= hm.label.toLowerCase() %></h2>
<p>Mean score out of 5 and band for each <%= hm.label.toLowerCase() %> and characteristic. <span aria-hidden="true">▲▼</span> marks a <%= hm.label.toLowerCase() %> significantly above or below everyone else.</p>
<div class="table-wrap" role="region" aria-labelledby="heatmap-<%= hm.dimension %>-caption" tabindex="0">
<table class="heatmap">
<caption id="heatmap-<%= hm.dimension %>-caption">Mean score by <%= hm.label.toLowerCase() %> and characteristic, round <%= it.m.wave.id %></caption>
<thead><tr><th scope="col"><%= hm.label %></th><% it.m.characteristics.forEach(function (c) { %><th scope="col"><%= c.name %></th><% }) %></tr></thead>
<tbody>
<% hm.rows.forEach(function (row) { %>
<tr data-segment="<%= row.id %>"><th scope="row"><%= row.name %></th>
<% row.cells.forEach(function (cell) { %>
<% if (cell.kind === 'published') { %>
<td class="band-<%= cell.band %>" data-state="published"><span class="value"><%= it.mean(cell.mean) %></span> <span class="label"><%= it.bandLabel(cell.band) %></span><% if (cell.vsRest) { %> <span class="vs"><span aria-hidden="true"><%= cell.vsRest === 'above' ? '▲' : '▼' %></span> <%= cell.vsRest %> the rest</span><% } %></td>
<% } else { %>
<td class="<%= cell.kind %>" data-state="<%= cell.kind %>"><%= it.stateText(cell) %></td>
<% } %>
<% }) %>
</tr>
<% }) %>
</tbody>
</table>
</div>
</section>
<% }) %>

<% it.details.forEach(function (d) { %>
<section class="characteristic" aria-labelledby="<%= d.key %>-heading" data-characteristic="<%= d.id %>">
<h2 id="<%= d.key %>-heading"><%= d.name %></h2>
<figure class="chart">
<figcaption id="<%= d.key %>-trend-caption">Mean score by round, with its 95% interval (dashed lines mark the bands at 3 and 4)</figcaption>
<%~ d.trendSvg %>
</figure>
<div class="table-wrap" role="region" aria-label="<%= d.name %>: trend figures" tabindex="0">
<table class="trend" id="<%= d.key %>-trend-table">
<caption>Mean score by round</caption>
<thead><tr><th scope="col">Round</th><th scope="col" class="num">Mean (95% interval)</th><th scope="col" class="num">Respondents</th></tr></thead>
<tbody>
<% d.trend.forEach(function (p) { %>
<tr><th scope="row"><%= p.wave %></th><% if (p.mean !== null && p.ci95) { %><td class="num"><%= it.mean(p.mean) %> (<%= it.mean(p.ci95[0]) %> to <%= it.mean(p.ci95[1]) %>)</td><td class="num"><%= it.count(p.n) %></td><% } else { %><td colspan="2"><%= p.suppressed ? 'fewer than ' + it.m.k + ' responses' : 'no responses' %></td><% } %></tr>
<% }) %>
</tbody>
</table>
</div>
<h3>Answers to each question in round <%= it.m.wave.id %></h3>
<ul class="legend" aria-label="Colours in the answer bars">
<% it.answerLegend.forEach(function (a) { %><li><span class="swatch" style="background:<%= a.colour %>"></span><%= a.label %></li><% }) %>
</ul>
<% d.questions.forEach(function (q) { %>
<figure class="chart question">
<figcaption id="<%= q.key %>-caption"><%= q.text %></figcaption>
<% if (q.svg) { %>
<%~ q.svg %>
<p class="small" id="<%= q.key %>-text">Of <%= it.count(q.n) %> who answered: <%= q.described %>. Don’t know: <%= it.count(q.dontKnow) %>.</p>
<% } else { %>
<p class="small"><%= q.suppressed ? 'Fewer than ' + it.m.k + ' responses: not shown.' : 'No responses.' %></p>
<% } %>
</figure>
<% }) %>
</section>
<% }) %>

<section aria-labelledby="how-to-read">
<h2 id="how-to-read">How to read this report</h2>
<p><strong>Scores.</strong> People answered each statement from 1 (strongly disagree) to 5 (strongly agree). A characteristic’s score is each person’s average over its statements; the mean is the average of those scores. “Favourable” is the share of people whose score is 4 or more.</p>
<p><strong>The 95% interval</strong> shows how precise a mean is: with a fresh group of similar people, the mean would usually land inside it. Small groups have wide intervals.</p>
<p><strong>Bands.</strong> A mean of 4 or more is a <em>strength</em>, from 3 up to 4 is <em>borderline</em>, and below 3 is a <em>concern</em>. Each band is written out as well as coloured.</p>
<p><strong>Significant</strong> means a difference is unlikely to be chance alone (Welch’s t-test, with the Benjamini–Hochberg correction for looking at many figures at once, at 5%). A change or difference that is not marked may still be real, but the data cannot tell it apart from chance.</p>
<p><strong>Suppression.</strong> To protect people’s answers, a group with fewer than <%= it.m.k %> responses is not shown (“fewer than <%= it.m.k %> responses”), and sometimes a larger group is hidden too (“hidden to protect privacy”) so that a small group’s figures cannot be worked out by subtraction. “No responses” means nobody in that group answered.</p>
<p><strong>Don’t know</strong> answers are counted apart and are not part of any score.</p>
</section>
</main>
</body>
</html>`;

/** The report when no round has closed yet: there is nothing to show but when there will be. */
export const emptyReportTemplate = `<%~ include('@head', it) %>
<body>
<main id="main">
<p class="caption"><%= it.collaborationName %></p>
<h1><%= it.surveyTitle %>: no results yet</h1>
<p><%= it.message %></p>
</main>
</body>
</html>`;
