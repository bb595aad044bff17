// procbook serve: reloads the page when the site has been rebuilt.
// Served only by `procbook serve`; never part of the built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? new URL(script.src, location.href).searchParams.get("v") : null;
  var source = new EventSource("/__procbook/events" + (version ? "?v=" + encodeURIComponent(version) : ""));
  source.addEventListener("reload", function () {
    source.close();
    location.reload();
  });
})();
