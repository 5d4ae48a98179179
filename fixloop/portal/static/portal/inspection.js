// The customer's inspection page (no framework; the page works without it):
//  - the welcome screen first; "Start" shows the items, the summary and the send button;
//  - the summary (scheduled services, additional repairs, what we will contact you about, VAT and
//    total) follows the answers as they are chosen, as the server writes it after sending;
//  - a bar at the bottom keeps the running total in sight.
(function () {
  "use strict";
  var page = document.getElementById("inspection");
  var form = document.getElementById("answers");
  if (!page || !form) return;
  var summary = document.getElementById("summary");
  var bar = document.getElementById("bar");
  var start = document.getElementById("start");
  var prices = !!document.getElementById("total-gross");

  function money(cents) {
    var sign = cents < 0 ? "-" : "";
    cents = Math.abs(cents);
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, summary.dataset.group);
    var rest = String(cents % 100);
    return sign + whole + summary.dataset.decimal + (rest.length < 2 ? "0" + rest : rest) + " " + summary.dataset.currency;
  }

  function item(li, text, price) {
    var name = document.createElement("span");
    name.textContent = text;
    li.appendChild(name);
    if (price) {
      var amount = document.createElement("span");
      amount.className = "num";
      amount.textContent = price;
      li.appendChild(amount);
    }
  }

  function update() {
    var parts = { scheduled: [], additional: [], contact: [] };
    var gross = 0, vat = 0;
    form.querySelectorAll("[data-item]").forEach(function (article) {
      var checked = article.querySelector("input[type=radio]:checked");
      if (!checked) return;
      var category = article.dataset.category;
      var part = checked.value === "contact" ? "contact" : checked.value !== "repair" ? null
        : category === "scheduled" ? "scheduled" : "additional";
      if (!part) return;
      var cents = parseInt(article.dataset.gross || "0", 10);
      parts[part].push([article.querySelector(".desc").textContent, article.dataset.gross ? money(cents) : ""]);
      if (part !== "contact") {
        gross += cents;
        vat += parseInt(article.dataset.vat || "0", 10);
      }
    });
    Object.keys(parts).forEach(function (key) {
      var list = summary.querySelector('[data-part="' + key + '"]');
      if (!list) return;
      list.textContent = "";
      parts[key].forEach(function (line) { item(list.appendChild(document.createElement("li")), line[0], line[1]); });
      if (!parts[key].length) {
        var none = list.appendChild(document.createElement("li"));
        none.className = "none";
        none.textContent = summary.dataset.none;
      }
    });
    if (prices) {
      document.getElementById("total-gross").textContent = money(gross);
      document.getElementById("total-vat").textContent = money(vat);
      document.getElementById("bar-total").textContent = money(gross);
    }
  }

  function begin(focus) {
    page.classList.remove("welcome-only");
    if (start) start.hidden = true;
    if (bar && prices) bar.hidden = false;
    if (focus) {
      var first = document.querySelector(".insp-cat h2");
      if (first) { first.focus(); first.scrollIntoView({ block: "start" }); }
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") update();
  });
  if (!page.hasAttribute("data-started") && !window.location.hash && start) {
    page.classList.add("welcome-only");
    start.hidden = false;
    start.addEventListener("click", function () { begin(true); });
  } else {
    begin(false);
  }
  update();
})();
