/* The supervisor's page: the day's figures and simple bar charts drawn as SVG. */
(function () {
  "use strict";
  var el = SC.el;
  var SVG = "http://www.w3.org/2000/svg";

  function figure(label, value) {
    var box = el("div", null, "figure");
    box.appendChild(el("strong", value === null || value === undefined ? "—" : value));
    box.appendChild(el("span", label));
    return box;
  }

  function bars(container, counts, labels) {
    SC.clear(container);
    var keys = Object.keys(counts);
    if (!keys.length) { container.appendChild(el("p", "Rien pour l'instant.")); return; }
    var max = Math.max.apply(null, keys.map(function (k) { return counts[k]; }));
    var rowHeight = 28, width = 600, labelWidth = 220;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + (rowHeight * keys.length));
    svg.setAttribute("class", "bars");
    svg.setAttribute("role", "img");
    var description = keys.map(function (k) { return (labels[k] || k) + " : " + counts[k]; }).join(", ");
    svg.setAttribute("aria-label", description);
    keys.forEach(function (key, index) {
      var y = index * rowHeight;
      var text = document.createElementNS(SVG, "text");
      text.setAttribute("x", "0");
      text.setAttribute("y", String(y + 18));
      text.textContent = labels[key] || key;
      var bar = document.createElementNS(SVG, "rect");
      var length = Math.max(2, (width - labelWidth - 50) * counts[key] / max);
      bar.setAttribute("x", String(labelWidth));
      bar.setAttribute("y", String(y + 4));
      bar.setAttribute("height", "18");
      bar.setAttribute("width", String(length));
      bar.setAttribute("fill", "#0b4f9c");
      var value = document.createElementNS(SVG, "text");
      value.setAttribute("x", String(labelWidth + length + 6));
      value.setAttribute("y", String(y + 18));
      value.textContent = String(counts[key]);
      svg.appendChild(text);
      svg.appendChild(bar);
      svg.appendChild(value);
    });
    container.appendChild(svg);
  }

  function load() {
    SC.call("GET", "/api/stats").then(function (data) {
      document.getElementById("error").textContent = "";
      document.getElementById("day-title").textContent = "Journée du " + data.jour;
      var figures = document.getElementById("figures");
      SC.clear(figures);
      figures.appendChild(figure("en attente maintenant", data.en_attente));
      figures.appendChild(figure("conseillers connectés", data.conseillers_connectes));
      figures.appendChild(figure("demandes de conseiller", data.demandes));
      figures.appendChild(figure("prises en charge", data.prises_en_charge));
      figures.appendChild(figure("attente médiane", data.attente_mediane_s === null ? null : SC.minutes(data.attente_mediane_s)));
      figures.appendChild(figure("messages à rappeler", data.differes_en_attente));
      bars(document.getElementById("chart-territories"), data.par_territoire, {});
      bars(document.getElementById("chart-outcomes"), data.par_issue, data.libelles_issues);
      bars(document.getElementById("chart-survey"), data.satisfaction,
           { oui: "Oui, ça m'a aidé", un_peu: "Un peu", non: "Non" });
    }).catch(function (error) {
      document.getElementById("error").textContent = error.message;
      if (error.status === 401) { location.href = "/"; }
    });
  }

  load();
  setInterval(load, 15000);
})();
