/* Session expiry: a warning two minutes before the session ends (with "Blijf ingelogd"), a clear
   message when it has ended, and nothing typed is lost: a form sent after the end is kept in this
   tab's sessionStorage and put back on the same page after logging in again.
   No inline script (CSP 'self'): settings come from data attributes on <body>. */
(function () {
  "use strict";
  var PREFIX = "lwl-invoer:";
  var body = document.body;
  var melding = document.getElementById("sessie-melding");

  function zetTerug() {
    var sleutel = PREFIX + window.location.pathname;
    var bewaard = window.sessionStorage.getItem(sleutel);
    if (!bewaard) return;
    window.sessionStorage.removeItem(sleutel);
    var velden;
    try { velden = JSON.parse(bewaard); } catch (e) { return; }
    var form = document.querySelector("main form[method='post']");
    if (!form) return;
    velden.forEach(function (veld) {
      var elementen = form.querySelectorAll("[name='" + CSS.escape(veld[0]) + "']");
      elementen.forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === veld[1]) el.checked = true;
        } else if (el.type !== "hidden" && el.type !== "password" && el.type !== "file") {
          el.value = veld[1];
        }
      });
    });
    var info = document.getElementById("invoer-teruggezet");
    if (info) info.hidden = false;
  }

  function bewaarInvoer(form) {
    var velden = [];
    new FormData(form).forEach(function (waarde, naam) {
      if (naam === "csrfmiddlewaretoken" || typeof waarde !== "string") return;
      var el = form.querySelector("[name='" + CSS.escape(naam) + "']");
      if (el && el.type === "password") return;
      velden.push([naam, waarde]);
    });
    var pad = new URL(form.action || window.location.href, window.location.href).pathname;
    window.sessionStorage.setItem(PREFIX + pad, JSON.stringify(velden));
  }

  zetTerug();
  if (!body.dataset.sessieSeconden || !melding) return;

  var seconden = parseInt(body.dataset.sessieSeconden, 10);
  var waarschuwing = Math.min(120, Math.floor(seconden / 4));
  var eindtijd, waarschuwTimer, eindTimer, verlopen = false;
  var tekst = melding.querySelector(".sessie-tekst");
  var knop = melding.querySelector("button");

  function start() {
    window.clearTimeout(waarschuwTimer);
    window.clearTimeout(eindTimer);
    eindtijd = Date.now() + seconden * 1000;
    melding.hidden = true;
    waarschuwTimer = window.setTimeout(waarschuw, (seconden - waarschuwing) * 1000);
    eindTimer = window.setTimeout(verloop, seconden * 1000);
  }

  function waarschuw() {
    var minuten = Math.max(1, Math.round((eindtijd - Date.now()) / 60000));
    tekst.textContent = "Uw sessie verloopt over " + minuten + " minuut" + (minuten === 1 ? "" : "en") +
      " als u niets doet. Wat u nu invult, gaat niet verloren.";
    knop.hidden = false;
    melding.hidden = false;
  }

  function verloop() {
    verlopen = true;
    tekst.textContent = "Uw sessie is verlopen. Verstuur het formulier gerust: u logt opnieuw in en " +
      "krijgt het formulier terug met wat u had ingevuld.";
    knop.hidden = true;
    melding.hidden = false;
  }

  knop.addEventListener("click", function () {
    fetch(body.dataset.sessieUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (antwoord) {
        if (antwoord.ok && antwoord.redirected === false) { start(); } else { verloop(); }
      })
      .catch(verloop);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (verlopen && (form.method || "").toLowerCase() === "post") bewaarInvoer(form);
  }, true);
  document.body.addEventListener("htmx:afterRequest", start);

  start();
})();
