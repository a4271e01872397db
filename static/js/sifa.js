/* Sifa shell behaviour: small, dependency-free (Bootstrap and htmx are loaded before it).
 *
 * - A failed htmx request tells the user instead of silently doing nothing (htmx 2 does not
 *   swap 4xx/5xx responses). The texts come from data-* attributes rendered by the template,
 *   so they are translated like every other string.
 * - After htmx swaps in new content, Bootstrap tooltips in it are activated.
 */
(function () {
  "use strict";

  var liveRegion = document.getElementById("sifa-live-region");

  function announce(text) {
    if (!liveRegion || !text) {
      return;
    }
    liveRegion.innerHTML = "";
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible shadow-sm mb-0";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", liveRegion.dataset.closeText || "");
    alert.appendChild(close);
    liveRegion.appendChild(alert);
  }

  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var key = status === 403 ? "forbiddenText" : "errorText";
    announce(liveRegion && liveRegion.dataset[key]);
  });

  document.body.addEventListener("htmx:sendError", function () {
    announce(liveRegion && liveRegion.dataset.networkText);
  });

  function activateTooltips(root) {
    if (!window.bootstrap) {
      return;
    }
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (element) {
      window.bootstrap.Tooltip.getOrCreateInstance(element);
    });
  }

  activateTooltips(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    activateTooltips(event.detail.target || document);
  });
})();
