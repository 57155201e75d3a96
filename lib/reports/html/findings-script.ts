/**
 * The report's only script: filters and pages the findings table. It reads everything from the DOM
 * (data-* attributes and cell text) and writes only classes, `hidden`, and textContent, so no estate
 * string ever passes through a script literal, and only renderer-escaped row markup through a template. Filters work over every row; only one
 * page of matching rows is displayed at a time, which keeps 100,000 findings responsive.
 * Rows beyond the first page's worth arrive packed (see sections/findings.ts): they are unpacked
 * after the first paint and become elements only when their page is displayed; their markup was
 * escaped by the renderer exactly as the inline rows were, and is parsed in an inert <template>.
 * Filter state lives in the URL fragment (`#findings?sev=high&rule=...`), so other sections (a zone
 * matrix, a control table) can link straight to a filtered view without any script of their own.
 */
export const FINDINGS_SCRIPT = String.raw`(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('findings-table');
  if (!form || !table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var count = document.getElementById('findings-count');
  var pager = document.getElementById('findings-pager');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');
  var pageInfo = document.getElementById('page-info');
  var FIELDS = ['q', 'sev', 'st', 'lc', 'rule', 'acct', 'reg'];
  var ctl = {};
  FIELDS.concat(['ps']).forEach(function (n) { ctl[n] = form.elements.namedItem(n); });
  var recs = [];
  for (var i = 0; i < body.rows.length; i++) {
    var r = body.rows[i];
    if (!r.classList.contains('f')) continue;
    recs.push({ r: r, id: r.id, sev: r.getAttribute('data-sev'), st: r.getAttribute('data-st'), lc: r.getAttribute('data-lc'),
      rule: r.cells[2].textContent, acct: r.cells[3].textContent, reg: r.cells[4].textContent, text: null, html: null });
  }
  var blocks = Array.prototype.slice.call(document.querySelectorAll('script.rows'));
  var pending = 0;
  blocks.forEach(function (b) { pending += parseInt(b.getAttribute('data-n'), 10) || 0; });
  // Only the displayed page stays in the document: a table that holds 100,000 hidden rows makes
  // every class change or layout cost seconds; a 250-row table costs milliseconds.
  var emptyRow = document.createElement('tr');
  var emptyCell = document.createElement('td');
  emptyCell.colSpan = 7;
  emptyCell.textContent = 'No finding matches these filters.';
  emptyRow.appendChild(emptyCell);
  if (recs.length === 0 && pending === 0) return;
  var matches = recs;
  var shown = [];
  var page = 0;
  var fmt = function (n) { return n.toLocaleString('en-US'); };

  function state() {
    var s = {};
    FIELDS.forEach(function (n) { var v = ctl[n] && ctl[n].value; if (v) s[n] = n === 'q' ? v.trim() : v; });
    return s;
  }
  // Free text also matches the rule's title and frameworks, which rows only reference.
  var ruleText = null;
  function textOf(rec) {
    if (ruleText === null) {
      ruleText = {};
      var rr = document.querySelectorAll('table.rules tbody tr');
      for (var i = 0; i < rr.length; i++) {
        var id = rr[i].querySelector('code');
        var t = rr[i].querySelector('.r-title');
        var f = rr[i].querySelector('.r-fw');
        if (id) ruleText[id.textContent] = (t ? t.textContent : '') + ' ' + (f ? f.textContent : '');
      }
    }
    if (rec.text === null) rec.text = ((rec.r ? rec.r.textContent : markupText(rec.html)) + ' ' + (ruleText[rec.rule] || '')).toLowerCase();
    return rec.text;
  }
  var ENT = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  // The text a packed row's element would have: tags dropped, the renderer's five entities decoded.
  function markupText(h) { return h.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, function (m) { return ENT[m]; }); }
  var tpl = document.createElement('template');
  function materialise(list) {
    var todo = list.filter(function (x) { return !x.r; });
    if (!todo.length) return;
    tpl.innerHTML = todo.map(function (x) { return x.html; }).join('');
    var made = tpl.content.children;
    for (var i = 0; i < todo.length; i++) todo[i].r = made[i];
    for (var j = 0; j < todo.length; j++) todo[j].html = null;
  }
  function filter(keepPage) {
    var s = state();
    var words = s.q ? s.q.toLowerCase().split(/\s+/).filter(Boolean) : [];
    matches = [];
    for (var i = 0; i < recs.length; i++) {
      var x = recs[i];
      if (s.sev && x.sev !== s.sev) continue;
      if (s.st && x.st !== s.st) continue;
      if (s.lc && x.lc !== s.lc) continue;
      if (s.rule && x.rule !== s.rule) continue;
      if (s.acct && x.acct !== s.acct) continue;
      if (s.reg && x.reg !== s.reg) continue;
      if (words.length) {
        var t = textOf(x);
        var ok = true;
        for (var w = 0; w < words.length; w++) if (t.indexOf(words[w]) < 0) { ok = false; break; }
        if (!ok) continue;
      }
      matches.push(x);
    }
    if (keepPage !== true) page = 0;
    render();
    saveState(s);
  }
  function pageSize() { var n = parseInt(ctl.ps && ctl.ps.value, 10); return n > 0 ? n : 250; }
  function show(list) {
    var frag = document.createDocumentFragment();
    materialise(list);
    for (var j = 0; j < list.length; j++) { list[j].r.classList.add('on'); frag.appendChild(list[j].r); }
    if (!list.length) frag.appendChild(emptyRow);
    body.textContent = '';
    body.appendChild(frag);
  }
  function render() {
    var size = pageSize();
    var pages = Math.max(1, Math.ceil(matches.length / size));
    if (page >= pages) page = pages - 1;
    shown = matches.slice(page * size, page * size + size);
    show(shown);
    var from = matches.length ? page * size + 1 : 0;
    var to = page * size + shown.length;
    var total = recs.length;
    count.textContent = (matches.length === total
      ? 'Showing ' + fmt(from) + '\u2013' + fmt(to) + ' of ' + fmt(total) + ' findings.'
      : 'Showing ' + fmt(from) + '\u2013' + fmt(to) + ' of ' + fmt(matches.length) + ' matching findings (' + fmt(total) + ' in total).') +
      (pending ? ' Unpacking ' + fmt(pending) + ' more\u2026' : '');
    pager.hidden = pages <= 1;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pageInfo.textContent = 'Page ' + fmt(page + 1) + ' of ' + fmt(pages);
  }
  function saveState(s) {
    var q = FIELDS.filter(function (n) { return s[n]; }).map(function (n) { return n + '=' + encodeURIComponent(s[n]); }).join('&');
    // Leave other fragments (#coverage, a section link) alone unless a filter replaces them.
    if (!q && location.hash.indexOf('#findings?') !== 0) return;
    var url = q ? '#findings?' + q : location.pathname + location.search;
    try { history.replaceState(null, '', url); } catch (e) { /* file: URLs in some browsers */ }
  }
  function loadState() {
    var h = location.hash;
    if (h.indexOf('#findings?') !== 0) return false;
    var params = {};
    h.slice(10).split('&').forEach(function (kv) {
      var k = kv.split('=')[0];
      try { params[k] = decodeURIComponent(kv.slice(k.length + 1)); } catch (e) { /* malformed escape */ }
    });
    FIELDS.forEach(function (n) {
      var c = ctl[n];
      if (!c) return;
      c.value = params[n] || '';
      // A value that is not one of a select's options leaves it unset rather than filtering on it.
      if (c.tagName === 'SELECT' && c.value !== (params[n] || '')) c.value = '';
    });
    return true;
  }
  var timer = 0;
  form.addEventListener('input', function (e) {
    if (e.target === ctl.q) { clearTimeout(timer); timer = setTimeout(filter, 200); }
  });
  form.addEventListener('change', function (e) {
    if (e.target === ctl.q) return;
    if (e.target === ctl.ps) { page = 0; render(); } else filter();
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); filter(); });
  form.addEventListener('reset', function () { clearTimeout(timer); setTimeout(filter, 0); });
  prev.addEventListener('click', function () { if (page > 0) { page--; render(); table.scrollIntoView(); } });
  next.addEventListener('click', function () { page++; render(); table.scrollIntoView(); });
  // #finding-<id> (links from the zone matrix, the exposure list, other sections): the row may be on
  // another page or filtered out, so clear the filters, turn to its page, open it and scroll to it.
  function goToFinding() {
    var h = location.hash;
    if (h.indexOf('#finding-') !== 0) return false;
    var id = h.slice(1);
    var at = -1;
    for (var i = 0; i < recs.length; i++) if (recs[i].id === id) { at = i; break; }
    if (at < 0) return false;
    FIELDS.forEach(function (n) { if (ctl[n]) ctl[n].value = ''; });
    matches = recs;
    page = Math.floor(at / pageSize());
    render();
    var d = recs[at].r.querySelector('details');
    if (d) d.open = true;
    recs[at].r.scrollIntoView();
    return true;
  }
  window.addEventListener('hashchange', function () {
    if (goToFinding()) return;
    if (loadState()) { filter(); document.getElementById('findings').scrollIntoView(); }
  });
  // Title, frameworks and remediation are written once per rule (rules table); a finding's details
  // copy them in, as text, when opened.
  function addPair(after, term, text) {
    var dt = document.createElement('dt');
    var dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = text;
    after.parentNode.insertBefore(dd, after.nextSibling);
    after.parentNode.insertBefore(dt, dd);
    return dd;
  }
  table.addEventListener('toggle', function (e) {
    var d = e.target;
    if (!d.open) return;
    var dd = d.querySelector('dd[data-rule]');
    if (!dd) return;
    dd.removeAttribute('data-rule');
    var link = dd.querySelector('a');
    var src = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!src) return;
    var cell = function (c) { var x = src.querySelector('.' + c); return x ? x.textContent : ''; };
    dd.textContent = cell('r-title') + ' ';
    link.textContent = '(rule)';
    dd.appendChild(link);
    var at = dd;
    var fix = cell('r-fix');
    var fw = cell('r-fw');
    var hasOwn = function (term) {
      for (var n = dd.nextElementSibling; n; n = n.nextElementSibling) if (n.tagName === 'DT' && n.textContent === term) return true;
      return false;
    };
    if (fw && !hasOwn('Frameworks')) at = addPair(at, 'Frameworks', fw);
    if (fix && !hasOwn('How to fix')) addPair(at, 'How to fix', fix);
  }, true);
  // Paper gets every matching row, not just the page on screen.
  window.addEventListener('beforeprint', function () { show(matches); });
  window.addEventListener('afterprint', render);
  form.hidden = false;
  var jsNote = document.getElementById('findings-nojs');
  if (jsNote) jsNote.hidden = true;
  var fromHash = loadState();
  filter();
  if (!goToFinding() && fromHash) document.getElementById('findings').scrollIntoView();
  // base64 → gzip → JSON, with no network: a Blob's stream through the browser's own decompressor.
  function unpack(el) {
    var bin = atob(el.textContent);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    el.textContent = '';
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(JSON.parse);
  }
  if (!blocks.length) return;
  if (typeof DecompressionStream !== 'function') {
    pending = 0;
    count.textContent += ' This browser cannot unpack the other findings; findings.csv lists them all.';
    return;
  }
  var wanted = location.hash.indexOf('#finding-') === 0 && !recs.some(function (x) { return x.id === location.hash.slice(1); });
  blocks.reduce(function (done, el) {
    return done.then(function () { return unpack(el); }).then(function (rows) {
      for (var i = 0; i < rows.length; i++) {
        var x = rows[i];
        recs.push({ r: null, id: x[0], sev: x[1], st: x[2], lc: x[3], rule: x[4], acct: x[5], reg: x[6], text: null, html: x[7] });
      }
      pending -= rows.length;
    });
  }, Promise.resolve()).then(function () {
    pending = 0;
    if (!(wanted && goToFinding())) filter(true);
  }, function (err) {
    pending = 0;
    render();
    count.textContent += ' The other findings could not be unpacked (' + err + '); findings.csv lists them all.';
  });
})();`;
