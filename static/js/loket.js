/* Behaviour the server cannot give: no inline scripts (the CSP allows only 'self'). */
(function () {
  "use strict";

  // A page that comes back with errors puts the keyboard and screen-reader focus on the error
  // summary, so the user hears what to fix before anything else; also after an HTMX swap.
  function focusFoutoverzicht(root) {
    var overzicht = (root || document).querySelector("#foutoverzicht");
    if (overzicht) {
      overzicht.focus();
    }
  }

  // A wide table scrolls inside its own container on a phone instead of the page. Keyboard
  // users can only scroll what they can focus: a container that really scrolls becomes a named,
  // focusable region (named after the table's caption).
  function scrollbareTabellen() {
    document.querySelectorAll(".table-responsive").forEach(function (houder) {
      var scrollt = houder.scrollWidth > houder.clientWidth;
      if (scrollt && !houder.hasAttribute("tabindex")) {
        var bijschrift = houder.querySelector("caption");
        houder.setAttribute("tabindex", "0");
        houder.setAttribute("role", "region");
        houder.setAttribute(
          "aria-label",
          (bijschrift ? bijschrift.textContent.trim() : "Tabel") + " (scrollt zijwaarts)"
        );
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollbareTabellen();
    focusFoutoverzicht(document);
  });
  window.addEventListener("resize", scrollbareTabellen);
  // "Afdrukken" buttons: the print layout (print CSS) of the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-afdrukken]")) {
      window.print();
    }
  });
  document.addEventListener("htmx:afterSettle", scrollbareTabellen);
  document.addEventListener("htmx:afterSettle", function (event) {
    focusFoutoverzicht(event.detail.elt);
  });
  // A banner from the last full page load ("traject gestart") is stale once an HTMX step has
  // changed the page: the swapped panel tells what holds now.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status < 300) {
      document.querySelectorAll("main > [role=status] > .alert").forEach(function (banner) {
        banner.remove();
      });
    }
  });
})();
