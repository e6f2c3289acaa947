/**
 * Page templates (Eta, escaping by default: `<%= %>` escapes, `<%~ %>` is only used for partials we
 * render ourselves). Markup follows the NHS.UK frontend components and works without JavaScript.
 */
export const layout = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title><%= it.title %> – Alliance Pulse</title>
  <link rel="stylesheet" href="/assets/nhsuk.css">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
  <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  <header class="nhsuk-header" role="banner">
    <div class="nhsuk-header__container nhsuk-width-container">
      <div class="nhsuk-header__service">
        <span class="nhsuk-header__service-name"><%= it.serviceName ?? 'Alliance Pulse' %></span>
      </div>
<% if (it.account) { %>
      <nav class="nhsuk-header__account" aria-label="Account">
        <ul class="nhsuk-header__account-list">
          <li class="nhsuk-header__account-item"><%= it.account.name %></li>
          <li class="nhsuk-header__account-item">
            <form method="post" action="/console/sign-out">
              <input type="hidden" name="csrf" value="<%= it.account.csrf %>">
              <button class="nhsuk-header__account-button" type="submit">Sign out</button>
            </form>
          </li>
        </ul>
      </nav>
<% } %>
    </div>
  </header>
  <div class="nhsuk-width-container">
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">
      <%~ it.body %>
    </main>
  </div>
  <footer role="contentinfo" class="nhsuk-footer">
    <div class="nhsuk-width-container"><p class="nhsuk-body-s">Alliance Pulse</p></div>
  </footer>
</body>
</html>`;

export const surveyPage = `<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
<% if (it.errors.length > 0) { %>
  <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1" autofocus>
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
      <% it.errors.forEach(function (e) { %>
        <li><a href="#<%= e.href %>"><%= e.message %></a></li>
      <% }) %>
      </ul>
    </div>
  </div>
<% } %>
  <span class="nhsuk-caption-l"><%= it.collaborationName %></span>
  <h1 class="nhsuk-heading-l"><%= it.surveyTitle %></h1>
  <p class="nhsuk-body">This round is open until <strong><%= it.closesAt %></strong>. It takes about 2 minutes.</p>
  <div class="nhsuk-inset-text">
    <span class="nhsuk-u-visually-hidden">Information: </span>
    <p>Your answers are confidential. Results are only reported for groups of at least <%= it.minGroupSize %> people and never name anyone.</p>
    <p>Anything you write in a comment box is read word for word by the alliance support team, without your name, organisation or neighbourhood, and only when at least <%= it.minCommentGroupSize %> people have commented on the same topic. Please do not include names or details that could identify anyone.</p>
  </div>
<% if (it.prefilled) { %>
  <p class="nhsuk-body">Your earlier answers for this round are shown. Submitting again replaces them.</p>
<% } else { %>
  <p class="nhsuk-body">If you have already answered in this round, submitting again replaces your earlier answers.</p>
<% } %>
  <form method="post" action="<%= it.action %>" novalidate>
  <% it.sections.forEach(function (section) { %>
    <h2 class="nhsuk-heading-m"><%= section.name %></h2>
    <% if (section.description) { %><p class="nhsuk-body-s"><%= section.description %></p><% } %>
    <% section.questions.forEach(function (q) { %>
      <% if (q.type === 'likert5') { %>
      <div class="nhsuk-form-group<%= q.error ? ' nhsuk-form-group--error' : '' %>">
        <fieldset class="nhsuk-fieldset"<% if (q.error) { %> aria-describedby="<%= q.fieldId %>-error"<% } %>>
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"><%= q.text %></legend>
          <% if (q.error) { %><span class="nhsuk-error-message" id="<%= q.fieldId %>-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= q.error %></span><% } %>
          <div class="nhsuk-radios">
          <% q.options.forEach(function (o, i) { %>
            <% if (o.value === 'dk') { %><div class="nhsuk-radios__divider">or</div><% } %>
            <div class="nhsuk-radios__item">
              <input class="nhsuk-radios__input" id="<%= i === 0 ? q.fieldId : q.fieldId + '-' + o.value %>" name="<%= q.name %>" type="radio" value="<%= o.value %>"<%= o.checked ? ' checked' : '' %>>
              <label class="nhsuk-label nhsuk-radios__label" for="<%= i === 0 ? q.fieldId : q.fieldId + '-' + o.value %>"><%= o.label %></label>
            </div>
          <% }) %>
          </div>
        </fieldset>
      </div>
      <% } else { %>
      <div class="nhsuk-form-group<%= q.error ? ' nhsuk-form-group--error' : '' %>">
        <label class="nhsuk-label" for="<%= q.fieldId %>"><%= q.text %> (optional)</label>
        <div class="nhsuk-hint" id="<%= q.fieldId %>-hint">Up to <%= it.maxCommentLength %> characters. Read word for word by the support team.</div>
        <% if (q.error) { %><span class="nhsuk-error-message" id="<%= q.fieldId %>-error"><span class="nhsuk-u-visually-hidden">Error:</span> <%= q.error %></span><% } %>
        <textarea class="nhsuk-textarea<%= q.error ? ' nhsuk-textarea--error' : '' %>" id="<%= q.fieldId %>" name="<%= q.name %>" rows="4" aria-describedby="<%= q.fieldId %>-hint<%= q.error ? ' ' + q.fieldId + '-error' : '' %>"><%= q.value %></textarea>
      </div>
      <% } %>
    <% }) %>
  <% }) %>
    <button class="nhsuk-button" type="submit">Submit answers</button>
  </form>
</div></div>`;

export const messagePage = `<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
  <% if (it.panel) { %>
  <div class="nhsuk-panel nhsuk-panel--confirmation"><h1 class="nhsuk-panel__title"><%= it.heading %></h1></div>
  <% } else { %>
  <h1 class="nhsuk-heading-l"><%= it.heading %></h1>
  <% } %>
  <% it.paragraphs.forEach(function (p) { %><p class="nhsuk-body"><%= p %></p><% }) %>
</div></div>`;
