/* Shared by the console pages: JSON calls with the session's CSRF token. */
var SC = (function () {
  "use strict";
  var csrf = "";
  function setCsrf(value) { csrf = value || ""; }
  function call(method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: {} };
    if (method !== "GET") {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRF-Token"] = csrf;
      options.body = JSON.stringify(body || {});
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.erreur || ("Erreur " + response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function minutes(seconds) {
    if (seconds < 60) { return seconds + " s"; }
    return Math.round(seconds / 60) + " min";
  }
  return { call: call, setCsrf: setCsrf, el: el, clear: clear, minutes: minutes };
})();
