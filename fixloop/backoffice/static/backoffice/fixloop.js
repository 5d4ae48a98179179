// Fixloop's few behaviours, without inline scripts (the Content-Security-Policy allows none).
//  - <button data-copy="ID" data-done="Copied">: copies the value of #ID to the clipboard.
//  - <select data-submit-on-change>: submits its form when the choice changes.
//  - <input data-select-on-focus>: selects its text when focused (links to copy).
//  - data-poll-paused-by="SELECTOR" on an element polling with htmx: the poll skips its turn while
//    something matches SELECTOR (e.g. a form being filled in).
//  - data-live on an element polling with htmx: it skips its turns while the browser tab is hidden
//    and asks at once (event "live-refresh") when the tab is shown again.
//  - data-live-query on such an element: each poll asks with the query in the address bar (a list's
//    filters, as its filter form pushed them), not the one the page was first loaded with.
//  - <select data-fill-form> whose options carry data-fill='{"name": "value", …}': choosing one
//    fills the fields of those names in its form (an inspection item from a template).
//  - an address ending in #SECTION on a page with section links (a[data-tab]), as older links to
//    the work-order page have (…/#estimate): loads that section (?tab=SECTION).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      if (button.dataset.done) button.textContent = button.dataset.done;
    });
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-fill-form]");
    if (!select || !select.form) return;
    var option = select.options[select.selectedIndex];
    if (!option || !option.dataset.fill) return;
    var values = JSON.parse(option.dataset.fill);
    Object.keys(values).forEach(function (name) {
      var field = select.form.elements.namedItem(name);
      if (field && "value" in field) field.value = values[name];
    });
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) event.target.select();
  });
  function openSectionOfHash() {
    var hash = window.location.hash.slice(1).replace(/[^a-z_-]/g, "");
    var tab = hash && document.querySelector('a[data-tab="' + hash + '"]');
    if (tab && !tab.hasAttribute("aria-current")) window.location.replace(tab.href);
  }
  openSectionOfHash();
  window.addEventListener("hashchange", openSectionOfHash);
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    var selector = element && element.dataset && element.dataset.pollPausedBy;
    if (selector && document.querySelector(selector)) event.preventDefault();
    if (element && element.hasAttribute && element.hasAttribute("data-live") && document.hidden) event.preventDefault();
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (element && element.hasAttribute && element.hasAttribute("data-live-query")) {
      event.detail.path = event.detail.path.split("?")[0] + window.location.search;
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) return;
    document.querySelectorAll("[data-live]").forEach(function (element) {
      window.htmx.trigger(element, "live-refresh");
    });
  });
})();
