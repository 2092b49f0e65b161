// citegraph index.html: sorting and filtering of the tables, highlighting
// of a paper's citations in the diagrams with a card of its details, zoom,
// and copy buttons for BibTeX. The page reads fine without it.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('page-data').textContent);

  // ---- Tables: sort by any column ----------------------------------------

  // sortKey is a cell's value for sorting: a number (null when unknown)
  // for numeric columns, from its data-v or else its text, lower-case text
  // otherwise.
  function sortKey(td, type) {
    var v = td.getAttribute('data-v');
    if (type === 'num') {
      if (v === null) v = td.textContent;
      var x = parseFloat(v);
      return isNaN(x) ? null : x;
    }
    var t = td.querySelector('.t') || td;
    return t.textContent.trim().toLowerCase();
  }

  // sortTable orders the rows by column col in direction dir ("asc" or
  // "desc"); unknown values go last either way, and rows that tie keep
  // the order of their rank.
  function sortTable(table, col, type, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (r) {
      return { r: r, k: sortKey(r.cells[col], type), rank: +r.getAttribute('data-rank') };
    });
    var sign = dir === 'desc' ? -1 : 1;
    rows.sort(function (a, b) {
      if (a.k === null || b.k === null) {
        if (a.k === b.k) return a.rank - b.rank;
        return a.k === null ? 1 : -1;
      }
      var c = type === 'num' ? (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) : a.k.localeCompare(b.k);
      return c !== 0 ? sign * c : a.rank - b.rank;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }

  Array.prototype.forEach.call(document.querySelectorAll('.js-hint'), function (e) { e.hidden = false; });
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var ths = Array.prototype.slice.call(table.tHead.rows[0].cells);
    ths.forEach(function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        var cur = th.getAttribute('aria-sort');
        var dir = th.getAttribute('data-dir') || 'asc';
        if (cur === 'ascending') dir = 'desc';
        else if (cur === 'descending') dir = 'asc';
        sortTable(table, col, th.getAttribute('data-type'), dir);
        ths.forEach(function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
      });
    });
  });

  // ---- Tables with controls: filter by family and by text ---------------

  // filterable wires a block of controls (data-table names its table) to
  // its table: a row shows when its data-f holds the family chosen and its
  // title, authors, venue or families hold the text typed.
  function filterable(controls) {
    var table = document.getElementById(controls.getAttribute('data-table'));
    if (!table) return;
    var fam = controls.querySelector('select');
    var text = controls.querySelector('input');
    var status = controls.querySelector('[role=status]');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var hay = rows.map(function (r) {
      var parts = [];
      Array.prototype.forEach.call(r.querySelectorAll('td.paper .t, td.paper .meta, td.fams'), function (e) { parts.push(e.textContent); });
      return parts.join(' ').toLowerCase();
    });
    var apply = function () {
      var f = fam.value;
      var q = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = (f === '' || (r.getAttribute('data-f') || '').split(' ').indexOf(f) >= 0) &&
          (q === '' || hay[i].indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) shown++;
      });
      var papers = rows.length + (rows.length === 1 ? ' paper' : ' papers');
      status.textContent = shown === rows.length ? papers : 'Showing ' + shown + ' of ' + papers;
    };
    fam.addEventListener('change', apply);
    text.addEventListener('input', apply);
    controls.hidden = false;
    apply();
    // A link to a row hidden by the filters clears them.
    var reveal = function () {
      var id = decodeURIComponent(location.hash.slice(1));
      var el = id && document.getElementById(id);
      if (el && el.hidden && rows.indexOf(el) >= 0) {
        fam.value = '';
        text.value = '';
        apply();
        el.scrollIntoView();
      }
    };
    window.addEventListener('hashchange', reveal);
    reveal();
  }
  Array.prototype.forEach.call(document.querySelectorAll('.controls[data-table]'), filterable);

  // ---- Diagrams: highlight a paper's citations, show its card, zoom -------

  var card = document.getElementById('card');

  function line(cls, s) {
    var d = document.createElement('div');
    if (cls) d.className = cls;
    d.textContent = s;
    card.appendChild(d);
    return d;
  }

  function citeLine(out, inn, unit) {
    var n = function (k) { return k + (unit ? ' ' + unit + (k === 1 ? 'y' : 'ies') : ''); };
    var d = line('k', '');
    var a = document.createElement('span');
    a.className = 'cites';
    a.textContent = 'cites ' + n(out);
    var b = document.createElement('span');
    b.className = 'cited';
    b.textContent = 'cited by ' + n(inn);
    d.appendChild(document.createTextNode('In this diagram: '));
    d.appendChild(a);
    d.appendChild(document.createTextNode(' · '));
    d.appendChild(b);
  }

  // similarLines adds to the card the most similar papers the row with
  // the id given lists (at most three), one line each: strength and title,
  // in italics when the paper is not in the list.
  function similarLines(id) {
    var row = document.getElementById(id);
    var items = row ? Array.prototype.slice.call(row.querySelectorAll('details.sim li'), 0, 3) : [];
    if (!items.length) return;
    var outside = items.some(function (it) { return it.classList.contains('out'); });
    line('m', outside ? 'Most similar (in italics: not in the list):' : 'Most similar:');
    items.forEach(function (it) {
      var d = line('sim' + (it.classList.contains('out') ? ' out' : ''), ' ' + it.querySelector('a, span').textContent);
      var w = document.createElement('b');
      w.textContent = it.querySelector('b').textContent;
      d.insertBefore(w, d.firstChild);
    });
  }

  function fillCard(node, out, inn) {
    card.textContent = '';
    var toks = node.getAttribute('data-n').split(' ');
    var t = toks[0];
    var unit = '';
    if (toks.length === 1 && t.charAt(0) === 'p' && data.papers[+t.slice(1)]) {
      var p = data.papers[+t.slice(1)];
      line('t', p.t);
      if (p.a) line('', p.a);
      line('m', [p.v, p.y || 'year unknown'].filter(Boolean).join(' · '));
      line('k', 'Rank ' + p.r + ' · PageRank ' + p.pr + ' · local citations ' + p.l +
        ' · global citations ' + (p.g === null ? 'unknown' : p.g));
      if (p.f.length) line('m', (p.f.length > 1 ? 'Families: ' : 'Family: ') + p.f.join('; '));
      if (p.u) line('m', 'Reference list unavailable: its citations are missing.');
      similarLines(p.h);
    } else if (toks.length === 1 && t.charAt(0) === 'f' && data.families[+t.slice(1)]) {
      var f = data.families[+t.slice(1)];
      line('t', f.n);
      line('m', f.c + (f.c === 1 ? ' paper' : ' papers'));
      unit = 'famil';
    } else {
      line('t', node.cgTip || (toks.length + ' papers'));
    }
    citeLine(out, inn, unit);
  }

  function placeCard(node) {
    cardNode = node;
    card.hidden = false;
    var r = node.getBoundingClientRect();
    var w = card.offsetWidth, h = card.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    var x = r.right + 12;
    if (x + w > vw - 8) x = r.left - w - 12;
    if (x < 8) x = Math.max(8, Math.min(vw - w - 8, r.left));
    var y = r.top;
    if (x === Math.max(8, Math.min(vw - w - 8, r.left)) && r.bottom + h + 12 < vh) y = r.bottom + 12;
    y = Math.max(8, Math.min(vh - h - 8, y));
    card.style.left = x + 'px';
    card.style.top = y + 'px';
  }

  var cardNode = null; // the node the card is about
  function hideCard() { card.hidden = true; cardNode = null; }

  Array.prototype.forEach.call(document.querySelectorAll('svg.dia'), function (svg) {
    var edges = Array.prototype.map.call(svg.querySelectorAll('g.edge[data-c]'), function (g) {
      return { el: g, pairs: g.getAttribute('data-c').split(' ').map(function (p) { return p.split('>'); }) };
    });
    var byTok = {};
    var nodes = svg.querySelectorAll('g.node[data-n]');
    Array.prototype.forEach.call(nodes, function (n) {
      n.getAttribute('data-n').split(' ').forEach(function (t) { byTok[t] = n; });
      // The card replaces the tooltips of the node.
      Array.prototype.forEach.call(n.querySelectorAll('title'), function (ti) {
        if (!n.cgTip) n.cgTip = ti.textContent;
        ti.parentNode.removeChild(ti);
      });
    });
    var cur = null;
    function clear() {
      if (!cur) return;
      svg.classList.remove('hovering');
      Array.prototype.forEach.call(svg.querySelectorAll('.hl, .hl-nb, .hl-in, .hl-out'), function (e) {
        e.classList.remove('hl', 'hl-nb', 'hl-in', 'hl-out');
      });
      cur = null;
      hideCard();
    }
    function show(node) {
      if (node === cur) return;
      clear();
      cur = node;
      var mine = {};
      node.getAttribute('data-n').split(' ').forEach(function (t) { mine[t] = true; });
      var out = 0, inn = 0;
      edges.forEach(function (e) {
        var o = false, i = false;
        e.pairs.forEach(function (p) {
          if (mine[p[0]]) { o = true; out++; if (byTok[p[1]]) byTok[p[1]].classList.add('hl-nb'); }
          if (mine[p[1]]) { i = true; inn++; if (byTok[p[0]]) byTok[p[0]].classList.add('hl-nb'); }
        });
        if (o) e.el.classList.add('hl-out');
        if (i) e.el.classList.add('hl-in');
      });
      svg.classList.add('hovering');
      node.classList.add('hl');
      fillCard(node, out, inn);
      placeCard(node);
    }
    var target = function (e) { return e.target.closest ? e.target.closest('g.node[data-n]') : null; };
    svg.addEventListener('mouseover', function (e) { var n = target(e); if (n) show(n); });
    svg.addEventListener('mouseout', function (e) {
      if (cur && !(e.relatedTarget && cur.contains(e.relatedTarget))) {
        var n = e.relatedTarget && e.relatedTarget.closest ? e.relatedTarget.closest('g.node[data-n]') : null;
        if (n) show(n); else clear();
      }
    });
    svg.addEventListener('focusin', function (e) { var n = target(e); if (n) show(n); });
    svg.addEventListener('focusout', function (e) {
      if (!(e.relatedTarget && svg.contains(e.relatedTarget))) clear();
    });
    svg.addEventListener('keydown', function (e) { if (e.key === 'Escape') clear(); });
  });
  // The card follows its node when the page scrolls (or the browser
  // moves it while laying out sections that come into view).
  var pending = false;
  window.addEventListener('scroll', function () {
    if (!cardNode || pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      if (cardNode) placeCard(cardNode);
    });
  }, { passive: true });

  Array.prototype.forEach.call(document.querySelectorAll('figure.diagram'), function (fig) {
    var svg = fig.querySelector('svg.dia');
    var zoom = fig.querySelector('.zoom');
    var view = fig.querySelector('.viewport');
    if (!svg || !zoom) return;
    var natural = svg.width.baseVal.value;
    var scale = 0; // 0: fit to the width
    var set = function (s) {
      // Fit: the natural size, or the width of the page when narrower.
      var fit = Math.min(natural, view.clientWidth);
      if (s <= 0 || natural * s <= fit + 1) {
        scale = 0;
        svg.classList.remove('zoomed');
        svg.style.width = '';
        return;
      }
      scale = Math.min(s, 4);
      svg.classList.add('zoomed');
      svg.style.width = Math.round(natural * scale) + 'px';
    };
    var current = function () { return scale || svg.getBoundingClientRect().width / natural; };
    var act = function (what) {
      if (what === 'in') set(current() * 1.25);
      else if (what === 'out') set(current() / 1.25);
      else set(0);
    };
    zoom.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (b) act(b.getAttribute('data-zoom'));
    });
    view.addEventListener('keydown', function (e) {
      if (e.target !== view) return;
      if (e.key === '+' || e.key === '=') act('in');
      else if (e.key === '-') act('out');
      else if (e.key === '0') act('fit');
    });
    zoom.hidden = false;
  });

  // ---- BibTeX: copy buttons -------------------------------------------------

  function copied(b, ok) {
    b.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
    setTimeout(function () { b.textContent = 'Copy'; }, 1600);
  }

  function selectText(el) {
    var r = document.createRange();
    r.selectNodeContents(el);
    var s = window.getSelection();
    s.removeAllRanges();
    s.addRange(r);
  }

  Array.prototype.forEach.call(document.querySelectorAll('details.bib'), function (d) {
    var pre = d.querySelector('pre');
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'copy';
    b.textContent = 'Copy';
    b.setAttribute('aria-label', 'Copy the BibTeX entry');
    d.appendChild(b);
    b.addEventListener('click', function () {
      var text = pre.textContent + '\n';
      var fallback = function () {
        selectText(pre);
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
        copied(b, ok);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { copied(b, true); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
