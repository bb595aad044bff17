// Filters the list of processes on the search page. The list is complete in
// the HTML, so the page works without this script; the index comes from
// search-index.js (a script, not JSON, so it also loads from file://).
//
// Every word of the query must occur somewhere in a process: its name, owner,
// goals and outcomes, or the text of its guidelines. Matches in the name rank
// first, then the owner, then goals and outcomes, then guidelines. A result
// found in the guidelines shows a short excerpt with the words marked and a
// link to the page of the guidelines it was found on. The guidelines' text is
// in separate scripts (search-text-<n>.js), added to the page on the first
// search only, so the page stays light; results from names, owners, goals
// and page titles show at once and the rest joins when the text arrives.
(function () {
  "use strict";
  var index = window.procbookSearchIndex || [];
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;

  var MAX_EXCERPTS = 50;
  var BEFORE = 60;
  var AFTER = 140;

  // Lower-case and drop diacritics, so "sundmuse" finds "sündmuse".
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Folds `text` character by character, remembering where each folded
  // character came from, so a match can be marked in the original text.
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      for (var k = 0; k < f.length; k++) map.push(i);
      folded += f;
    }
    map.push(text.length);
    return { text: folded, map: map };
  }

  var entries = index.map(function (e) {
    return {
      id: e.id,
      name: fold(e.name + " " + (e.name_en || "")),
      owner: fold(e.owner),
      text: fold(e.text),
      rawText: e.text || "",
      shard: e.s,
      pages: (e.pages || []).map(function (p) { return { t: p.t, u: p.u, x: "", title: fold(p.t), f: null }; })
    };
  });

  // Loads every file of guideline text once, then searches again.
  var textState = "none";
  function loadTexts() {
    if (textState !== "none") return;
    var shards = {};
    entries.forEach(function (e) { if (e.shard !== undefined) shards[e.shard] = true; });
    var names = Object.keys(shards);
    if (names.length === 0) { textState = "done"; return; }
    textState = "loading";
    var base = document.querySelector("script[src$='search-index.js']");
    var prefix = base ? base.getAttribute("src").replace(/search-index\.js$/, "") : "";
    var pending = names.length;
    var done = function () {
      pending--;
      if (pending > 0) return;
      var all = window.procbookSearchText || {};
      entries.forEach(function (e) {
        var texts = e.shard !== undefined && all[e.shard] && all[e.shard][e.id];
        if (!texts) return;
        e.pages.forEach(function (p, i) { p.x = texts[i] || ""; p.f = null; });
      });
      textState = "done";
      run();
    };
    names.forEach(function (n) {
      var script = document.createElement("script");
      script.src = prefix + "search-text-" + n + ".js";
      script.onload = done;
      // A missing file leaves those guidelines unsearched, nothing worse.
      script.onerror = done;
      document.head.appendChild(script);
    });
  }
  var items = {};
  Array.prototype.forEach.call(list.children, function (li) { items[li.getAttribute("data-id")] = li; });

  // Guideline text is folded on the first search, not on every page load.
  function pageText(p) {
    if (p.f === null) p.f = fold(p.x);
    return p.f;
  }

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (entry.name.indexOf(w) >= 0) s = 100;
      else if (entry.owner.indexOf(w) >= 0) s = 10;
      else if (entry.text.indexOf(w) >= 0) s = 5;
      else {
        for (var j = 0; j < entry.pages.length && s === 0; j++) {
          var p = entry.pages[j];
          if (p.title.indexOf(w) >= 0) s = 2;
          else if (pageText(p).indexOf(w) >= 0) s = 1;
        }
      }
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  // Where to show the words: the guideline page holding most of them,
  // else the goals and outcomes. Null when only the name or owner matched.
  function bestPlace(entry, words) {
    var best = null, bestCount = 0;
    entry.pages.forEach(function (p) {
      var text = pageText(p), count = 0;
      words.forEach(function (w) { if (text.indexOf(w) >= 0) count++; });
      if (count > bestCount) { best = { text: p.x, page: p }; bestCount = count; }
    });
    if (best) return best;
    if (words.some(function (w) { return entry.text.indexOf(w) >= 0 && entry.name.indexOf(w) < 0; })) {
      return { text: entry.rawText, page: null };
    }
    return null;
  }

  // A paragraph with a short piece of `text` around the first match, the
  // words marked with <mark>. Built from text nodes: nothing in the index
  // is ever read as HTML.
  function excerpt(text, words) {
    var folded = foldWithMap(text);
    var first = -1;
    words.forEach(function (w) {
      var at = folded.text.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    if (first < 0) return null;
    var start = Math.max(0, folded.map[first] - BEFORE);
    var end = Math.min(text.length, folded.map[first] + AFTER);
    // Whole words at both ends.
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < folded.map[first]) start = space + 1; }
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > folded.map[first]) end = back; }
    var marks = [];
    words.forEach(function (w) {
      var from = 0, at;
      while ((at = folded.text.indexOf(w, from)) >= 0) {
        var a = folded.map[at], b = folded.map[at + w.length];
        if (a >= start && b <= end) marks.push([a, b]);
        from = at + w.length;
      }
    });
    marks.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var p = document.createElement("p");
    p.className = "excerpt";
    var at = start;
    if (start > 0) p.appendChild(document.createTextNode("…"));
    marks.forEach(function (m) {
      if (m[0] < at) return;
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      p.appendChild(mark);
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "…" : "")));
    return p;
  }

  function clearExcerpt(li) {
    var old = li.querySelectorAll(".excerpt, .found-in");
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  function showExcerpt(li, entry, words) {
    clearExcerpt(li);
    var place = bestPlace(entry, words);
    if (!place) return;
    var p = excerpt(place.text, words);
    if (!p) return;
    li.appendChild(p);
    if (place.page) {
      var found = document.createElement("p");
      found.className = "found-in muted";
      found.appendChild(document.createTextNode(status.getAttribute("data-found-in") + ": "));
      var a = document.createElement("a");
      a.href = list.getAttribute("data-home") + place.page.u;
      a.textContent = place.page.t;
      found.appendChild(a);
      li.appendChild(found);
    }
  }

  function run() {
    var raw = input.value.trim();
    var words = fold(raw).split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      entries.forEach(function (e) { var li = items[e.id]; if (li) { clearExcerpt(li); li.hidden = false; list.appendChild(li); } });
      status.textContent = status.getAttribute("data-all");
      return;
    }
    loadTexts();
    var found = entries
      .map(function (e, order) { return { e: e, s: score(e, words), order: order }; })
      .filter(function (r) { return r.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.order - b.order; });
    Object.keys(items).forEach(function (id) { items[id].hidden = true; clearExcerpt(items[id]); });
    found.forEach(function (r, n) {
      var li = items[r.e.id];
      if (!li) return;
      if (n < MAX_EXCERPTS) showExcerpt(li, r.e, words);
      li.hidden = false;
      list.appendChild(li);
    });
    status.textContent = found.length === 0
      ? status.getAttribute("data-no-results")
      // Quotation marks as the page's language writes them („…“ or “…”).
      : status.getAttribute("data-results-for") + " " + (status.getAttribute("data-quote-open") || "\u201e") + raw + (status.getAttribute("data-quote-close") || "\u201c") + ": " + found.length;
  }

  // Keeps the query in the address (?q=…), so reloading, going back or
  // sharing the link shows the same results.
  function remember() {
    try {
      var url = new URL(window.location.href);
      var raw = input.value.trim();
      if (raw) url.searchParams.set("q", raw);
      else url.searchParams.delete("q");
      if (url.href !== window.location.href) window.history.replaceState(null, "", url.href);
    } catch (e) {
      // Some browsers refuse this on file:// pages; the search works anyway.
    }
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  input.addEventListener("input", function () {
    run();
    remember();
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
    remember();
  });
  run();
})();
