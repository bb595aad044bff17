// procbook serve: reloads the page when a rebuild changed what it shows.
// Served only by `procbook serve`; never part of the built site.
// `v` is the tag the page was served with; the server compares it with
// the page's tag in each new build and says "reload" only when they differ.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? new URL(script.src, location.href).searchParams.get("v") : null;
  var query = "?page=" + encodeURIComponent(location.pathname) +
    (version ? "&v=" + encodeURIComponent(version) : "");
  var source = new EventSource("/__procbook/events" + query);
  source.addEventListener("reload", function () {
    source.close();
    location.reload();
  });
})();
