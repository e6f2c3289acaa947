/**
 * The support console's page bodies (Eta, escaping by default). NHS.UK frontend markup that works
 * without JavaScript: every action is a form POST carrying the session's CSRF token, every error sits
 * beside its field and in an error summary. No inline styles (the CSP forbids them): bars are SVG.
 * Tables sit in NHS.UK's table container: on a phone a wide table scrolls sideways in its own
 * focusable region (keyboard users can scroll it), never the whole page. The outer `nhsuk-scroll`
 * (`position: relative`, clipped on phones) keeps visually hidden link text, which is positioned
 * absolutely, from widening the page; its inner `__content` is not used, as without NHS.UK's script
 * it draws scroll shadows even over a table that fits.
 */

/** Breadcrumbs, an optional success banner, the error summary, then the page. */
export const chrome = `<% if (it.crumbs.length > 0) { %>
<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
  <ol class="nhsuk-breadcrumb__list">
  <% it.crumbs.forEach(function (c) { %>
    <li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="<%= c.href %>"><%= c.text %></a></li>
  <% }) %>
  </ol>
  <a class="nhsuk-back-link" href="<%= it.crumbs[it.crumbs.length - 1].href %>"><span class="nhsuk-u-visually-hidden">Back to </span><%= it.crumbs[it.crumbs.length - 1].text %></a>
</nav>
<% } %>
<% if (it.notice) { %>
<div class="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="notice-title">
  <div class="nhsuk-notification-banner__header"><h2 class="nhsuk-notification-banner__title" id="notice-title">Done</h2></div>
  <div class="nhsuk-notification-banner__content"><p class="nhsuk-notification-banner__heading"><%= it.notice %></p></div>
</div>
<% } %>
<% if (it.errors.length > 0) { %>
<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
  <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
  <div class="nhsuk-error-summary__body">
    <ul class="nhsuk-list nhsuk-error-summary__list">
    <% it.errors.forEach(function (e) { %>
      <li><% if (e.href) { %><a href="#<%= e.href %>"><%= e.message %></a><% } else { %><%= e.message %><% } %></li>
    <% }) %>
    </ul>
  </div>
</div>
<% } %>
<%~ it.body %>`;

/** One text input with its label, hint and error (`it`: {id, name, label, value, hint?, error?, width?, type?}). */
export const input = `<div class="nhsuk-form-group<%= it.error ? ' nhsuk-form-group--error' : '' %>">
  <label class="nhsuk-label" for="<%= it.id %>"><%= it.label %></label>
  <% if (it.hint) { %><div class="nhsuk-hint" id="<%= it.id %>-hint"><%= it.hint %></div><% } %>
  <% if (it.error) { %><span class="nhsuk-error-message" id="<%= it.id %>-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.error %></span><% } %>
  <input class="nhsuk-input<%= it.width ? ' nhsuk-input--width-' + it.width : '' %><%= it.error ? ' nhsuk-input--error' : '' %>" id="<%= it.id %>" name="<%= it.name %>" type="<%= it.type || 'text' %>" value="<%= it.value %>"<% if (it.hint || it.error) { %> aria-describedby="<%= [it.hint ? it.id + '-hint' : '', it.error ? it.id + '-error' : ''].filter(Boolean).join(' ') %>"<% } %><% if (it.inputmode) { %> inputmode="<%= it.inputmode %>"<% } %> autocomplete="off">
</div>`;

/** A select (`it`: {id, name, label, options: [{value, text, selected}], error?, hint?}). */
export const select = `<div class="nhsuk-form-group<%= it.error ? ' nhsuk-form-group--error' : '' %>">
  <label class="nhsuk-label" for="<%= it.id %>"><%= it.label %></label>
  <% if (it.hint) { %><div class="nhsuk-hint" id="<%= it.id %>-hint"><%= it.hint %></div><% } %>
  <% if (it.error) { %><span class="nhsuk-error-message" id="<%= it.id %>-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.error %></span><% } %>
  <select class="nhsuk-select<%= it.error ? ' nhsuk-select--error' : '' %>" id="<%= it.id %>" name="<%= it.name %>"<% if (it.hint || it.error) { %> aria-describedby="<%= [it.hint ? it.id + '-hint' : '', it.error ? it.id + '-error' : ''].filter(Boolean).join(' ') %>"<% } %>>
  <% it.options.forEach(function (o) { %>
    <option value="<%= o.value %>"<%= o.selected ? ' selected' : '' %>><%= o.text %></option>
  <% }) %>
  </select>
</div>`;

export const signIn = `<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
  <h1 class="nhsuk-heading-l">Sign in to the support console</h1>
  <% if (it.message) { %><p class="nhsuk-body"><%= it.message %></p><% } %>
  <% if (it.local) { %>
  <p class="nhsuk-body">This is the local stack: sign in with the admin token that <code>npm start</code> printed.</p>
  <form method="post" action="/console/sign-in" novalidate>
    <input type="hidden" name="csrf" value="<%= it.csrf %>">
    <div class="nhsuk-form-group<%= it.error ? ' nhsuk-form-group--error' : '' %>">
      <label class="nhsuk-label" for="token">Admin token</label>
      <% if (it.error) { %><span class="nhsuk-error-message" id="token-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.error %></span><% } %>
      <input class="nhsuk-input<%= it.error ? ' nhsuk-input--error' : '' %>" id="token" name="token" type="password" autocomplete="current-password"<% if (it.error) { %> aria-describedby="token-error"<% } %>>
    </div>
    <button class="nhsuk-button" type="submit">Sign in</button>
  </form>
  <% } else { %>
  <p class="nhsuk-body">You sign in with your support-team account on the alliance's sign-in page.</p>
  <a class="nhsuk-button" href="/console/sign-in?go=1">Continue to sign in</a>
  <% } %>
</div></div>`;

export const collaborations = `<h1 class="nhsuk-heading-l">Collaborations</h1>
<% if (it.collaborations.length === 0) { %>
<p class="nhsuk-body">There are no collaborations you can manage yet.</p>
<% } else { %>
<ul class="nhsuk-list nhsuk-list--border">
<% it.collaborations.forEach(function (c) { %>
  <li><a class="nhsuk-link" href="/console/collaborations/<%= c.id %>"><%= c.name %></a> <span class="nhsuk-body-s">(<%= c.id %>)</span></li>
<% }) %>
</ul>
<% } %>
<% if (it.canCreate) { %><a class="nhsuk-button" href="/console/collaborations/new">Create a collaboration</a><% } %>`;

export const collaborationForm = `<h1 class="nhsuk-heading-l"><%= it.heading %></h1>
<form method="post" action="<%= it.action %>" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <% if (it.isNew) { %><%~ include('@input', it.fields.id) %><% } %>
  <%~ include('@input', it.fields.name) %>
  <fieldset class="nhsuk-fieldset" id="neighbourhoods">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Neighbourhoods</legend>
    <div class="nhsuk-hint">Leave a row empty to skip it. Ids appear in links and files, so keep them once links exist.</div>
    <% if (it.listErrors.neighbourhoods) { %><span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.listErrors.neighbourhoods %></span><% } %>
    <% it.neighbourhoods.forEach(function (row, i) { %>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-third"><%~ include('@input', row.id) %></div>
      <div class="nhsuk-grid-column-two-thirds"><%~ include('@input', row.name) %></div>
    </div>
    <% }) %>
  </fieldset>
  <fieldset class="nhsuk-fieldset" id="partners">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Partners</legend>
    <div class="nhsuk-hint">Each partner organisation and its sector. Leave a row empty to skip it.</div>
    <% if (it.listErrors.partners) { %><span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.listErrors.partners %></span><% } %>
    <% it.partners.forEach(function (row, i) { %>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@input', row.id) %></div>
      <div class="nhsuk-grid-column-one-half"><%~ include('@input', row.name) %></div>
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@select', row.sector) %></div>
    </div>
    <% }) %>
  </fieldset>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="more" value="rows">Add more rows</button>
  <h2 class="nhsuk-heading-m">Privacy thresholds, retention and time zone</h2>
  <%~ include('@input', it.fields.minGroupSize) %>
  <%~ include('@input', it.fields.minCommentGroupSize) %>
  <%~ include('@input', it.fields.retentionMonths) %>
  <%~ include('@input', it.fields.timeZone) %>
  <h2 class="nhsuk-heading-m">Framework</h2>
  <div class="nhsuk-form-group<%= it.fields.framework.error ? ' nhsuk-form-group--error' : '' %>">
    <label class="nhsuk-label" for="framework">Characteristics, as JSON</label>
    <div class="nhsuk-hint" id="framework-hint">The characteristics that questions map to: <code>{"characteristics": [{"id", "name", "description"}]}</code>. Paste a replacement to change it; leave it as it is otherwise.</div>
    <% if (it.fields.framework.error) { %><span class="nhsuk-error-message" id="framework-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.fields.framework.error %></span><% } %>
    <textarea class="nhsuk-textarea<%= it.fields.framework.error ? ' nhsuk-textarea--error' : '' %>" id="framework" name="framework" rows="12" aria-describedby="framework-hint<%= it.fields.framework.error ? ' framework-error' : '' %>"><%= it.fields.framework.value %></textarea>
  </div>
  <button class="nhsuk-button" type="submit">Save collaboration</button>
</form>`;

export const collaboration = `<span class="nhsuk-caption-l">Collaboration</span>
<h1 class="nhsuk-heading-l"><%= it.name %></h1>
<dl class="nhsuk-summary-list">
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Id</dt><dd class="nhsuk-summary-list__value"><%= it.id %></dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Smallest group reported</dt><dd class="nhsuk-summary-list__value"><%= it.minGroupSize %> people</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Comments shown from</dt><dd class="nhsuk-summary-list__value"><%= it.minCommentGroupSize %> comments on a topic</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Individual answers kept</dt><dd class="nhsuk-summary-list__value"><%= it.retentionMonths %> months after a wave closes<%= it.retentionIsDefault ? " (this deployment's default)" : '' %>, then deleted; figures are kept</dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Time zone</dt><dd class="nhsuk-summary-list__value"><%= it.timeZone %></dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Neighbourhoods</dt><dd class="nhsuk-summary-list__value"><%= it.neighbourhoods %></dd></div>
</dl>
<a class="nhsuk-button nhsuk-button--secondary" href="/console/collaborations/<%= it.id %>/edit">Edit collaboration</a>
<h2 class="nhsuk-heading-m">Partners</h2>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Partners and their sectors" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Partners and their sectors</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">Partner</th><th class="nhsuk-table__header" scope="col">Sector</th></tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.partners.forEach(function (p) { %><tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><%= p.name %></td><td class="nhsuk-table__cell"><%= p.sector %></td></tr><% }) %>
  </tbody>
</table>
</div></div>
<h2 class="nhsuk-heading-m">Surveys</h2>
<% if (it.surveys.length === 0) { %><p class="nhsuk-body">No surveys yet.</p><% } else { %>
<ul class="nhsuk-list nhsuk-list--border">
<% it.surveys.forEach(function (s) { %><li><a class="nhsuk-link" href="/console/collaborations/<%= it.id %>/surveys/<%= s.id %>"><%= s.title %></a></li><% }) %>
</ul>
<% } %>
<a class="nhsuk-button" href="/console/collaborations/<%= it.id %>/surveys/new">Create a survey</a>
<h2 class="nhsuk-heading-m">Framework</h2>
<ul class="nhsuk-list nhsuk-list--bullet">
<% it.characteristics.forEach(function (c) { %><li><strong><%= c.name %></strong><% if (c.description) { %>: <%= c.description %><% } %></li><% }) %>
</ul>`;

export const surveyForm = `<h1 class="nhsuk-heading-l"><%= it.heading %></h1>
<% if (it.openWave) { %><div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label">Important<span class="nhsuk-u-visually-hidden">:</span></h2><p>Wave <%= it.openWave %> is open: the title and cadence can change now, the questions only once it has closed.</p></div><% } %>
<form method="post" action="<%= it.action %>" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <% if (it.isNew) { %><%~ include('@input', it.fields.id) %><% } %>
  <%~ include('@input', it.fields.title) %>
  <h2 class="nhsuk-heading-m">Cadence</h2>
  <%~ include('@input', it.fields.intervalDays) %>
  <%~ include('@input', it.fields.waveLengthDays) %>
  <%~ include('@input', it.fields.firstDate) %>
  <%~ include('@input', it.fields.firstTime) %>
  <h2 class="nhsuk-heading-m" id="questions">Questions</h2>
  <p class="nhsuk-body">Questions are asked in the order of their position, grouped by characteristic. A question keeps its id from wave to wave: that is what carries the trend, so change the wording only when the meaning stays the same. Leave a row empty to skip it.</p>
  <% if (it.listErrors.questions) { %><span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error:</span> <%= it.listErrors.questions %></span><% } %>
  <% it.questions.forEach(function (q, i) { %>
  <fieldset class="nhsuk-fieldset">
    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"><%= q.legend %></legend>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@input', q.position) %></div>
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@input', q.id) %></div>
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@select', q.characteristic) %></div>
      <div class="nhsuk-grid-column-one-quarter"><%~ include('@select', q.type) %></div>
    </div>
    <%~ include('@input', q.text) %>
  </fieldset>
  <% }) %>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="more" value="rows">Add more rows</button>
  <button class="nhsuk-button" type="submit">Save survey</button>
</form>`;

export const survey = `<span class="nhsuk-caption-l"><%= it.collaborationName %></span>
<h1 class="nhsuk-heading-l"><%= it.title %></h1>
<p class="nhsuk-body">Waves run <strong><%= it.cadence %></strong>.</p>
<ul class="nhsuk-list">
  <li><a class="nhsuk-link" href="<%= it.base %>/links">Links: issue, download and revoke</a></li>
  <li><a class="nhsuk-link" href="<%= it.base %>/results">Results, downloads and comments</a></li>
  <li><a class="nhsuk-link" href="<%= it.base %>/edit">Edit the survey</a></li>
</ul>
<h2 class="nhsuk-heading-m">Waves</h2>
<% if (it.waves.length === 0) { %><p class="nhsuk-body">No wave has opened yet.</p><% } else { %>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Waves, newest first" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Waves, newest first</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
    <th class="nhsuk-table__header" scope="col">Wave</th><th class="nhsuk-table__header" scope="col">Status</th>
    <th class="nhsuk-table__header" scope="col">Opens</th><th class="nhsuk-table__header" scope="col">Closes</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Responses</th>
  </tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.waves.forEach(function (w) { %>
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell"><a class="nhsuk-link" href="<%= it.base %>/waves/<%= w.id %>"><%= w.id %></a></td>
      <td class="nhsuk-table__cell"><strong class="nhsuk-tag <%= w.tag %>"><%= w.status %></strong></td>
      <td class="nhsuk-table__cell"><%= w.opensAt %></td><td class="nhsuk-table__cell"><%= w.closesAt %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= w.responses %> of <%= w.invited %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div></div>
<% } %>
<% if (it.canOpen) { %>
<form method="post" action="<%= it.base %>/waves" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <button class="nhsuk-button" type="submit">Open a wave now</button>
  <p class="nhsuk-body-s">It stays open for <%= it.waveLengthDays %> days unless you move its closing time.</p>
</form>
<% } %>
<h2 class="nhsuk-heading-m">Questions</h2>
<% it.sections.forEach(function (s) { %>
<h3 class="nhsuk-heading-s"><%= s.name %></h3>
<ol class="nhsuk-list nhsuk-list--number">
<% s.questions.forEach(function (q) { %><li><%= q.text %> <span class="nhsuk-body-s">(<%= q.kind %>, id <%= q.id %>)</span></li><% }) %>
</ol>
<% }) %>`;

/** Participation table with bars (`it`: {caption, rows: [{name, invited, responses, rate, percent}]}). */
export const participation = `<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="<%= it.caption %>" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-table__caption--s"><%= it.caption %></caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
    <th class="nhsuk-table__header" scope="col"><%= it.dimension %></th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Invited</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Responses</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Rate</th>
    <th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Bar</span></th>
  </tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.rows.forEach(function (r) { %>
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell"><%= r.name %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.invited %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.responses %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.rate %></td>
      <td class="nhsuk-table__cell"><svg width="160" height="16" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" width="100" height="10" fill="#e8edee"></rect><rect x="0" y="0" width="<%= r.percent %>" height="10" fill="#005eb8"></rect></svg></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div></div>`;

export const wave = `<span class="nhsuk-caption-l"><%= it.surveyTitle %></span>
<h1 class="nhsuk-heading-l">Wave <%= it.id %> <strong class="nhsuk-tag <%= it.tag %>"><%= it.status %></strong></h1>
<dl class="nhsuk-summary-list">
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Opened</dt><dd class="nhsuk-summary-list__value"><%= it.opensAt %></dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key"><%= it.status === 'closed' ? 'Closed' : 'Closes' %></dt><dd class="nhsuk-summary-list__value"><%= it.closesAt %></dd></div>
  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Responses</dt><dd class="nhsuk-summary-list__value"><%= it.responses %> of <%= it.invited %> invited (<%= it.rate %>)</dd></div>
<% if (it.purgedAt) { %>  <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Individual answers</dt><dd class="nhsuk-summary-list__value">Deleted <%= it.purgedAt %> under the collaboration's retention setting; the counts and figures are kept</dd></div>
<% } %></dl>
<% if (it.figuresNote) { %><div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p><%= it.figuresNote %></p></div><% } %>
<% if (it.status === 'closed') { %><p class="nhsuk-body"><a class="nhsuk-link" href="<%= it.base %>/results?wave=<%= it.id %>">See the results of wave <%= it.id %></a></p><% } %>
<h2 class="nhsuk-heading-m">Live participation</h2>
<p class="nhsuk-body">Invited means links issued and not revoked. These counts are for the support team: results never show groups smaller than <%= it.minGroupSize %>.</p>
<%~ include('@participation', it.byPartner) %>
<%~ include('@participation', it.byNeighbourhood) %>
<% if (it.status === 'open') { %>
<h2 class="nhsuk-heading-m">Move the closing time</h2>
<form method="post" action="<%= it.base %>/waves/<%= it.id %>" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <%~ include('@input', it.fields.closeDate) %>
  <%~ include('@input', it.fields.closeTime) %>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Move closing time</button>
</form>
<h2 class="nhsuk-heading-m">Close the wave now</h2>
<form method="post" action="<%= it.base %>/waves/<%= it.id %>/close" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <p class="nhsuk-body">Links stop accepting answers at once. Its figures appear 5 minutes after it closes.</p>
  <button class="nhsuk-button nhsuk-button--warning" type="submit">Close wave <%= it.id %> now</button>
</form>
<% } %>`;

export const links = `<span class="nhsuk-caption-l"><%= it.surveyTitle %></span>
<h1 class="nhsuk-heading-l">Links</h1>
<p class="nhsuk-body">Each link is personal and answers every wave. Issue them per partner and neighbourhood, then mail-merge the CSV.</p>
<h2 class="nhsuk-heading-m">Issue links</h2>
<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label">Important<span class="nhsuk-u-visually-hidden">:</span></h3><p>The links are shown only once, when you issue them: we keep no copy that can be shown again. Download the CSV and keep it safe until the invitations have gone out.</p></div>
<form method="post" action="<%= it.base %>/links" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <%~ include('@select', it.fields.partnerId) %>
  <%~ include('@select', it.fields.neighbourhoodId) %>
  <%~ include('@input', it.fields.count) %>
  <button class="nhsuk-button" type="submit" name="format" value="csv">Issue and download CSV</button>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="format" value="page">Issue and show on screen</button>
</form>
<h2 class="nhsuk-heading-m">Live links by partner and neighbourhood</h2>
<% if (it.grid.length === 0) { %><p class="nhsuk-body">No links yet.</p><% } else { %>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Live and revoked links per partner and neighbourhood" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Live and revoked links per partner and neighbourhood</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
    <th class="nhsuk-table__header" scope="col">Partner</th><th class="nhsuk-table__header" scope="col">Neighbourhood</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Live</th><th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Revoked</th>
    <th class="nhsuk-table__header" scope="col"><span class="nhsuk-u-visually-hidden">Action</span></th>
  </tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.grid.forEach(function (g) { %>
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell"><%= g.partnerName %></td><td class="nhsuk-table__cell"><%= g.neighbourhoodName %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= g.live %></td><td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= g.revoked %></td>
      <td class="nhsuk-table__cell"><% if (g.live > 0) { %><a class="nhsuk-link" href="<%= it.base %>/links/revoke?partnerId=<%= g.partnerId %>&amp;neighbourhoodId=<%= g.neighbourhoodId %>">Revoke<span class="nhsuk-u-visually-hidden"> the links of <%= g.partnerName %> in <%= g.neighbourhoodName %></span></a><% } %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div></div>
<% } %>
<h2 class="nhsuk-heading-m">Revoke links in bulk</h2>
<form method="get" action="<%= it.base %>/links/revoke" novalidate>
  <%~ include('@select', it.fields.revokePartner) %>
  <%~ include('@select', it.fields.revokeNeighbourhood) %>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Continue</button>
</form>
<h2 class="nhsuk-heading-m">Every link</h2>
<% if (it.links.length === 0) { %><p class="nhsuk-body">No links yet.</p><% } else { %>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Every link, oldest first (never the link itself)" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Every link, oldest first (never the link itself)</caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
    <th class="nhsuk-table__header" scope="col">Id</th><th class="nhsuk-table__header" scope="col">Partner</th>
    <th class="nhsuk-table__header" scope="col">Neighbourhood</th><th class="nhsuk-table__header" scope="col">Issued</th>
    <th class="nhsuk-table__header" scope="col">Status</th>
  </tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.links.forEach(function (l) { %>
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell"><%= l.id %></td><td class="nhsuk-table__cell"><%= l.partnerName %></td>
      <td class="nhsuk-table__cell"><%= l.neighbourhoodName %></td><td class="nhsuk-table__cell"><%= l.createdAt %></td>
      <td class="nhsuk-table__cell"><% if (l.revoked) { %>Revoked<% } else { %><a class="nhsuk-link" href="<%= it.base %>/links/revoke?linkId=<%= l.id %>">Revoke<span class="nhsuk-u-visually-hidden"> link <%= l.id %></span></a><% } %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div></div>
<% } %>`;

export const issued = `<div class="nhsuk-panel nhsuk-panel--confirmation"><h1 class="nhsuk-panel__title"><%= it.count %> links issued</h1></div>
<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label">Important<span class="nhsuk-u-visually-hidden">:</span></h2><p>This is the only time these links are shown. Copy them now: leaving this page loses them (you can revoke them and issue new ones).</p></div>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Links for <%= it.partnerName %> in <%= it.neighbourhoodName %>" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-table__caption--s">Links for <%= it.partnerName %> in <%= it.neighbourhoodName %></caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th class="nhsuk-table__header" scope="col">Id</th><th class="nhsuk-table__header" scope="col">Link</th></tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.links.forEach(function (l) { %><tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><%= l.id %></td><td class="nhsuk-table__cell"><code><%= l.url %></code></td></tr><% }) %>
  </tbody>
</table>
</div></div>
<a class="nhsuk-link" href="<%= it.base %>/links">Back to links</a>`;

export const confirmRevoke = `<h1 class="nhsuk-heading-l">Revoke <%= it.count %> <%= it.count === 1 ? 'link' : 'links' %>?</h1>
<p class="nhsuk-body">You are about to revoke <strong><%= it.what %></strong>. People holding <%= it.count === 1 ? 'it' : 'them' %> can no longer answer, in this wave or any later one. Answers already given are kept. This cannot be undone.</p>
<% if (it.count > 0) { %>
<form method="post" action="<%= it.base %>/links/revoke" novalidate>
  <input type="hidden" name="csrf" value="<%= it.csrf %>">
  <% it.hidden.forEach(function (h) { %><input type="hidden" name="<%= h.name %>" value="<%= h.value %>"><% }) %>
  <button class="nhsuk-button nhsuk-button--warning" type="submit">Yes, revoke <%= it.count === 1 ? 'it' : 'them' %></button>
</form>
<% } %>
<a class="nhsuk-link" href="<%= it.base %>/links">No, go back to links</a>`;

export const results = `<span class="nhsuk-caption-l"><%= it.surveyTitle %></span>
<h1 class="nhsuk-heading-l">Results</h1>
<% if (it.waves.length === 0) { %>
<p class="nhsuk-body">No wave has closed yet. Figures appear 5 minutes after a wave closes.</p>
<% } else { %>
<form method="get" action="<%= it.base %>/results" novalidate>
  <%~ include('@select', it.waveSelect) %>
  <button class="nhsuk-button nhsuk-button--secondary" type="submit">Show wave</button>
</form>
<% if (it.pending) { %>
<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p><%= it.pending %></p></div>
<% } else { %>
<h2 class="nhsuk-heading-m">Overall, wave <%= it.wave %></h2>
<p class="nhsuk-body"><%= it.participation %></p>
<div class="nhsuk-scroll"><div class="nhsuk-table-container" role="region" aria-label="Each characteristic, everyone in wave <%= it.wave %>" tabindex="0">
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Each characteristic, everyone in wave <%= it.wave %></caption>
  <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
    <th class="nhsuk-table__header" scope="col">Characteristic</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Responses</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Mean (1–5)</th>
    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Favourable</th>
    <th class="nhsuk-table__header" scope="col">Band</th>
  </tr></thead>
  <tbody class="nhsuk-table__body">
  <% it.rows.forEach(function (r) { %>
    <tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="row"><%= r.name %></th>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.n %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.mean %></td>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><%= r.favourable %></td>
      <td class="nhsuk-table__cell"><%= r.band %></td>
    </tr>
  <% }) %>
  </tbody>
</table>
</div></div>
<% } %>
<% if (it.report) { %><p class="nhsuk-body"><a class="nhsuk-link" href="<%= it.report %>">Open the full results report</a></p><% } %>
<h2 class="nhsuk-heading-m">Downloads</h2>
<p class="nhsuk-body">The same figures and privacy protection as the published snapshot, for every closed wave.</p>
<ul class="nhsuk-list">
  <li><a class="nhsuk-link" href="<%= it.base %>/results/download?format=csv">Figures as CSV (spreadsheet)</a></li>
  <li><a class="nhsuk-link" href="<%= it.base %>/results/download?format=json">Figures as JSON</a></li>
  <li><a class="nhsuk-link" href="<%= it.base %>/results/download?format=parquet">Figures as Parquet (BI tools)</a></li>
</ul>
<h2 class="nhsuk-heading-m">Comments, wave <%= it.wave %></h2>
<% if (it.comments === null) { %><p class="nhsuk-body">Comments are shown with the figures, 5 minutes after the wave closes.</p>
<% } else if (it.commentsPurged) { %><p class="nhsuk-body">This wave's comments and individual answers have been deleted under the collaboration's retention setting (now <%= it.retentionMonths %> months after a wave closes). Its figures are kept.</p>
<% } else if (it.comments.length === 0) { %><p class="nhsuk-body">This survey asks for no comments.</p>
<% } else { %>
<p class="nhsuk-body">Shown word for word, in random order, with no partner, neighbourhood or date, and only for topics where at least <%= it.minCommentGroupSize %> people commented.</p>
<% it.comments.forEach(function (c) { %>
<h3 class="nhsuk-heading-s"><%= c.name %></h3>
<% if (c.withheld) { %><p class="nhsuk-body">Fewer than <%= it.minCommentGroupSize %> comments: not shown, to protect who wrote them.</p>
<% } else { %><ul class="nhsuk-list nhsuk-list--border"><% c.comments.forEach(function (text) { %><li><%= text %></li><% }) %></ul><% } %>
<% }) %>
<% } %>
<% } %>`;

export const signedIn = `<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
  <h1 class="nhsuk-heading-l">You are signed in</h1>
  <p class="nhsuk-body">Signed in as <%= it.name %>.</p>
  <a class="nhsuk-button" href="/console/collaborations">Continue to the console</a>
</div></div>`;

/** A short message with a way back (`it`: {heading, paragraphs, back?: {href, text}}). */
export const message = `<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
  <h1 class="nhsuk-heading-l"><%= it.heading %></h1>
  <% it.paragraphs.forEach(function (p) { %><p class="nhsuk-body"><%= p %></p><% }) %>
  <% if (it.back) { %><p class="nhsuk-body"><a class="nhsuk-link" href="<%= it.back.href %>"><%= it.back.text %></a></p><% } %>
</div></div>`;
