// Move focus to the error summary after a failed submit, so screen readers announce it
// (WCAG 3.3.1); each error in it links to its field.
document.addEventListener("DOMContentLoaded", function () {
  var overzicht = document.getElementById("foutoverzicht");
  if (overzicht) { overzicht.focus(); }
});
