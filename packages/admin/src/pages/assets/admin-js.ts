/**
 * The dashboard's only script, served from the package at `{base}/assets/admin.js`. Plain JS, no build:
 * it sends the actions (retry, resolve, bulk, bulk jobs, incidents, sign in, sign out) as same-origin JSON
 * `fetch` calls and writes results with `textContent`. Live regions (`data-live`) are refreshed by polling a
 * JSON endpoint whose fragments the server rendered (every value escaped there); forms are never replaced,
 * so an operator's input is never clobbered.
 */
export const ADMIN_JS = String.raw`(function () {
  'use strict';
  var base = document.body.getAttribute('data-base') || '';
  var api = base + '/api/failed-operations';
  var FLASH_KEY = 'lifeline-admin-flash';

  function show(element, text, kind) {
    if (!element) return;
    element.textContent = text;
    element.className = 'flash ' + (kind || 'info');
    element.hidden = false;
  }
  function reloadWith(text, kind) {
    try { sessionStorage.setItem(FLASH_KEY, JSON.stringify({ text: text, kind: kind })); } catch (e) { /* private mode */ }
    location.reload();
  }
  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data || {} };
      });
    }, function (error) {
      return { status: 0, ok: false, data: { error: 'Network error: ' + error.message } };
    });
  }
  function get(path) {
    return fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data || {} };
      });
    }, function (error) {
      return { status: 0, ok: false, data: { error: 'Network error: ' + error.message } };
    });
  }
  function failure(result) {
    if (result.status === 401) return 'Your session has ended. Reload the page to sign in again.';
    if (result.status === 403) return 'Not allowed: ' + (result.data.error || 'forbidden');
    if (result.data.issues && result.data.issues.length) {
      return result.data.issues.map(function (issue) { return issue.field + ': ' + issue.message; }).join('; ');
    }
    return result.data.error || 'The request failed (status ' + result.status + ').';
  }
  function busy(control, on) {
    if (!control) return;
    control.disabled = on;
    control.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  try {
    var saved = sessionStorage.getItem(FLASH_KEY);
    if (saved) {
      sessionStorage.removeItem(FLASH_KEY);
      var flash = JSON.parse(saved);
      show(document.getElementById('flash'), flash.text, flash.kind);
    }
  } catch (e) { /* ignore */ }

  // Charts scroll on small screens: show the most recent buckets first.
  Array.prototype.forEach.call(document.querySelectorAll('.chart-wrap'), function (wrap) { wrap.scrollLeft = wrap.scrollWidth; });

  function retry(button) {
    var id = button.getAttribute('data-id');
    var message = document.getElementById('detail-message');
    busy(button, true);
    show(message, 'Retrying…', 'info');
    post(api + '/' + encodeURIComponent(id) + '/retry', {}).then(function (result) {
      busy(button, false);
      if (result.ok) {
        var outcome = result.data.result || {};
        if (outcome.status === 'resolved') reloadWith('Retried: the operation succeeded and the entry is resolved.', 'success');
        else if (outcome.status === 'failed') reloadWith('Retried, but it failed again: ' + outcome.error + '. The entry is open again.', 'warn');
        else reloadWith('Retry queued. The entry updates when the run finishes.', 'info');
      } else if (result.status === 409) {
        var badge = document.querySelector('.detail [data-status] .badge');
        if (badge && result.data.current) {
          badge.textContent = result.data.current;
          badge.className = 'badge b-' + result.data.current;
        }
        button.disabled = true;
        show(message, 'Not retried: someone else already retried or resolved this entry (it is now ' + (result.data.current || 'changed') +
          '). Reload the page to see its latest state.', 'warn');
      } else {
        show(message, 'Retry failed: ' + failure(result), 'error');
      }
    });
  }

  function resolve(form) {
    var id = form.getAttribute('data-id');
    var note = form.elements.note.value.trim();
    var message = document.getElementById('detail-message');
    var button = form.querySelector('button[type="submit"]');
    if (!note) { show(message, 'Write a note saying why this can be closed.', 'error'); form.elements.note.focus(); return; }
    busy(button, true);
    post(api + '/' + encodeURIComponent(id) + '/resolve', { note: note }).then(function (result) {
      busy(button, false);
      if (result.ok) reloadWith('Resolved with your note.', 'success');
      else if (result.status === 409) show(message, 'Not resolved: it is already ' + (result.data.current || 'changed') + ' (someone else acted first). Reload to see it.', 'warn');
      else show(message, 'Resolve failed: ' + failure(result), 'error');
    });
  }

  function selectedIds() {
    return Array.prototype.map.call(document.querySelectorAll('input[name="ids"]:checked'), function (box) { return box.value; });
  }
  function updateCount() {
    var count = selectedIds().length;
    var label = document.querySelector('[data-selected-count]');
    if (label) label.textContent = count === 0 ? '(none selected)' : '(' + count + ' selected)';
  }

  // What a bulk result status means, in words: a retry that resolved the entry succeeded.
  function outcomeWord(action, status) {
    var words = action === 'retry'
      ? { resolved: 'succeeded', failed: 'failed again', queued: 'still running', conflict: 'skipped (someone else acted first)', not_found: 'not found' }
      : { resolved: 'resolved', failed: 'failed', conflict: 'skipped (already resolved)', not_found: 'not found' };
    return words[status] || status.replace('_', ' ');
  }

  function bulk(action) {
    var form = document.getElementById('bulk');
    var message = document.getElementById('bulk-message');
    var ids = selectedIds();
    var note = form.elements.note.value.trim();
    var dryRun = form.elements.dryRun.checked;
    if (ids.length === 0) { show(message, 'Select at least one entry first.', 'error'); return; }
    if (action === 'resolve' && !note) { show(message, 'Write a note to resolve the selected entries.', 'error'); form.elements.note.focus(); return; }
    var body = { action: action, ids: ids, dryRun: dryRun };
    if (note) body.note = note;
    show(message, dryRun ? 'Planning…' : 'Working…', 'info');
    post(api + '/bulk', body).then(function (result) {
      if (!result.ok) { show(message, 'Bulk ' + action + ' failed: ' + failure(result), 'error'); return; }
      var parts = Object.keys(result.data.summary).map(function (key) { return result.data.summary[key] + ' ' + outcomeWord(action, key); });
      if (dryRun) show(message, 'Dry run: would ' + action + ' ' + result.data.total + ' entries. Nothing was changed.', 'info');
      else reloadWith('Bulk ' + action + ': ' + parts.join(', ') + '.', result.data.summary.conflict || result.data.summary.failed ? 'warn' : 'success');
    });
  }


  // The one place markup enters the page after load: a fragment the server rendered for a live region (every
  // value escaped by the server's html template; the CSP blocks inline script anyway). Unchanged: untouched.
  function swap(target, markup) {
    if (typeof markup !== 'string' || target.getAttribute('data-html') === markup) return;
    target.innerHTML = markup;
    target.setAttribute('data-html', markup);
  }

  // "Retry / resolve all N matching this filter": starts a persistent bulk job, then opens its page.
  function bulkAll(action, button) {
    var form = document.getElementById('bulk-all');
    var message = document.getElementById('bulk-all-message');
    var note = form.elements.note.value.trim();
    if (action === 'resolve' && !note) { show(message, 'Write a note to resolve the matching entries.', 'error'); form.elements.note.focus(); return; }
    var body = { action: action, filter: JSON.parse(form.getAttribute('data-filter') || '{}') };
    if (note) body.note = note;
    var canary = Number(form.elements.canary.value);
    var stopAfter = Number(form.elements.stopAfterFailures.value);
    if (form.elements.canary.value !== '') body.canary = canary;
    if (form.elements.stopAfterFailures.value !== '') body.stopAfterFailures = stopAfter;
    busy(button, true);
    show(message, 'Starting a background job…', 'info');
    post(base + '/api/bulk-jobs', body).then(function (result) {
      busy(button, false);
      if (!result.ok) { show(message, 'Could not start the job: ' + failure(result), 'error'); return; }
      location.href = base + '/bulk-jobs/' + encodeURIComponent(result.data.job.id);
    });
  }

  // A bulk job's page: poll its JSON until it ends; update the bar, the counts and the audit trail.
  function watchJob(panel) {
    var id = panel.getAttribute('data-job-id');
    var timer = null;
    function render(data) {
      var fragments = data.fragments || {};
      Object.keys(fragments).forEach(function (name) {
        var target = panel.querySelector('[data-live="' + name + '"]');
        if (target) swap(target, fragments[name]);
      });
      var job = data.job || {};
      var bar = panel.querySelector('progress');
      if (bar) { bar.max = Math.max(1, job.total || 0); bar.value = job.done || 0; }
      var abort = panel.querySelector('[data-action="abort-job"]');
      var finished = job.status && job.status !== 'running' && job.status !== 'pending' && job.status !== 'queued';
      if (abort) abort.hidden = finished;
      panel.setAttribute('data-job-status', job.status || '');
      return finished;
    }
    function tick() {
      get(base + '/api/bulk-jobs/' + encodeURIComponent(id) + '?fragments=1').then(function (result) {
        if (result.ok && render(result.data)) return;
        timer = setTimeout(tick, Number(panel.getAttribute('data-poll-ms')) || 1000);
      });
    }
    if (panel.getAttribute('data-job-status') === 'running' || panel.getAttribute('data-job-status') === 'pending') tick();
    return function () { if (timer) clearTimeout(timer); };
  }

  function abortJob(button) {
    var id = button.getAttribute('data-id');
    var message = document.getElementById('job-message');
    busy(button, true);
    post(base + '/api/bulk-jobs/' + encodeURIComponent(id) + '/abort', {}).then(function (result) {
      busy(button, false);
      if (result.ok) show(message, 'Abort requested: no new entries are started; those already running finish.', 'warn');
      else show(message, 'Abort failed: ' + failure(result), 'error');
    });
  }

  // Live refresh: fetch the server-rendered fragments of this page's live regions and swap the ones that
  // changed. Forms are not live regions, so what the operator is typing stays; ticked rows stay ticked.
  function liveRefresh(root) {
    var src = root.getAttribute('data-live-src');
    var every = Number(root.getAttribute('data-live-ms')) || 5000;
    var inFlight = false;
    function apply(fragments) {
      var ticked = selectedIds();
      Object.keys(fragments).forEach(function (name) {
        var target = document.querySelector('[data-live="' + name + '"]');
        if (!target) return;
        if (target.contains(document.activeElement) && /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) return;
        swap(target, fragments[name]);
      });
      ticked.forEach(function (id) {
        var box = document.querySelector('input[name="ids"][value="' + CSS.escape(id) + '"]');
        if (box && !box.disabled) box.checked = true;
      });
      updateCount();
    }
    function tick() {
      if (document.hidden || inFlight) return;
      inFlight = true;
      get(src).then(function (result) {
        inFlight = false;
        if (!result.ok) return;
        apply(result.data.fragments || {});
        var stamp = document.querySelector('[data-live-stamp]');
        if (stamp) stamp.textContent = 'Updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
        root.setAttribute('data-live-updated', String(Date.now()));
      });
    }
    setInterval(tick, every);
  }

  function incident(button) {
    var fingerprint = button.getAttribute('data-fingerprint');
    var action = button.getAttribute('data-incident-action');
    var message = document.getElementById('incident-message');
    var body = {};
    if (action === 'mute') {
      var select = document.getElementById('mute-' + fingerprint);
      body.forMs = Number(select ? select.value : 3600000);
    }
    busy(button, true);
    post(base + '/api/incidents/' + encodeURIComponent(fingerprint) + '/' + action, body).then(function (result) {
      busy(button, false);
      if (result.ok) reloadWith(result.data.message || 'Incident updated.', 'success');
      else show(message, 'Could not update the incident: ' + failure(result), 'error');
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-job-id]'), watchJob);
  Array.prototype.forEach.call(document.querySelectorAll('[data-live-src]'), liveRefresh);

  document.addEventListener('click', function (event) {
    var target = event.target.closest('button');
    if (!target) return;
    if (target.getAttribute('data-action') === 'retry') retry(target);
    else if (target.getAttribute('data-action') === 'logout') {
      post(base + '/logout', {}).then(function () { location.href = base + '/failed-operations'; });
    } else if (target.hasAttribute('data-bulk-action')) bulk(target.getAttribute('data-bulk-action'));
    else if (target.hasAttribute('data-bulk-all')) bulkAll(target.getAttribute('data-bulk-all'), target);
    else if (target.getAttribute('data-action') === 'abort-job') abortJob(target);
    else if (target.hasAttribute('data-incident-action')) incident(target);
  });

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.id === 'select-all') {
      document.querySelectorAll('input[name="ids"]:not(:disabled)').forEach(function (box) { box.checked = target.checked; });
    }
    if (target.id === 'select-all' || target.name === 'ids') updateCount();
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.getAttribute('data-action') === 'resolve') { event.preventDefault(); resolve(form); }
    else if (form.hasAttribute('data-bulk') || form.id === 'bulk-all') { event.preventDefault(); }
    else if (form.hasAttribute('data-login')) {
      event.preventDefault();
      var message = document.getElementById('login-message');
      var button = form.querySelector('button[type="submit"]');
      busy(button, true);
      post(base + '/login', { token: form.elements.token.value }).then(function (result) {
        busy(button, false);
        if (result.ok) {
          if (/\/login$/.test(location.pathname)) location.href = base + '/failed-operations';
          else location.reload();
          return;
        }
        show(message, 'Sign-in failed: ' + (result.data.error || failure(result)), 'error');
        form.elements.token.select();
      });
    }
  });
})();
`;
