// Filters the list of processes on the search page. The list is complete in
// the HTML, so the page works without this script; the index comes from
// search-index.js (a script, not JSON, so it also loads from file://).
(function () {
  "use strict";
  var index = window.procbookSearchIndex || [];
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;

  // Lower-case and drop diacritics, so "sundmuse" finds "sündmuse".
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var entries = index.map(function (e) {
    return { id: e.id, name: fold(e.name + " " + (e.name_en || "")), owner: fold(e.owner), text: fold(e.text) };
  });
  var items = {};
  Array.prototype.forEach.call(list.children, function (li) { items[li.getAttribute("data-id")] = li; });

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (entry.name.indexOf(w) >= 0) s = 3;
      else if (entry.owner.indexOf(w) >= 0) s = 2;
      else if (entry.text.indexOf(w) >= 0) s = 1;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  function run() {
    var raw = input.value.trim();
    var words = fold(raw).split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      entries.forEach(function (e) { if (items[e.id]) { items[e.id].hidden = false; list.appendChild(items[e.id]); } });
      status.textContent = status.getAttribute("data-all");
      return;
    }
    var found = entries
      .map(function (e, order) { return { e: e, s: score(e, words), order: order }; })
      .filter(function (r) { return r.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.order - b.order; });
    Object.keys(items).forEach(function (id) { items[id].hidden = true; });
    found.forEach(function (r) { var li = items[r.e.id]; if (li) { li.hidden = false; list.appendChild(li); } });
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
