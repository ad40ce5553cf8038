/* Seconde Chance chat widget, on Rasa's socket.io channel.
 *
 * - A random conversation id is kept in this browser (localStorage), with the messages
 *   shown, so the conversation survives a page reload. Nothing else is stored.
 * - Every message is shown as text (textContent), never as HTML.
 * - Quick replies become buttons; structure cards (generic template) become cards with
 *   map and phone links; counsellor messages carry the counsellor's first name.
 */
(function () {
  "use strict";

  var SESSION_KEY = "seconde-chance:session";
  var HISTORY_KEY = "seconde-chance:history";
  var LAST_KEY = "seconde-chance:last-message";
  var MAX_HISTORY = 200;

  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var status = document.getElementById("status");

  function newId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function sessionId() {
    var id = localStorage.getItem(SESSION_KEY);
    if (!id) {
      id = newId();
      localStorage.setItem(SESSION_KEY, id);
    }
    return id;
  }

  function loadHistory() {
    try {
      return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function remember(entry) {
    var history = loadHistory();
    history.push(entry);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(-MAX_HISTORY)));
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return ["http:", "https:", "tel:"].indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function addText(from, text, who) {
    var item = document.createElement("li");
    item.className = "msg " + from;
    if (who) {
      var name = document.createElement("span");
      name.className = "who";
      name.textContent = who + " (conseiller·e)";
      item.appendChild(name);
    }
    item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    scrollDown();
  }

  function addChoices(choices) {
    var item = document.createElement("li");
    item.className = "choices";
    choices.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.title;
      button.addEventListener("click", function () {
        send(choice.payload, choice.title);
      });
      item.appendChild(button);
    });
    log.appendChild(item);
    scrollDown();
  }

  function addCards(elements) {
    var list = document.createElement("ul");
    list.className = "cards";
    list.setAttribute("aria-label", "Lieux proposés");
    elements.forEach(function (element) {
      var card = document.createElement("li");
      card.className = "card";
      var title = document.createElement("h3");
      title.textContent = element.title || "";
      var subtitle = document.createElement("p");
      subtitle.textContent = element.subtitle || "";
      card.appendChild(title);
      card.appendChild(subtitle);
      (element.buttons || []).forEach(function (b) {
        var href = b.type === "phone_number" ? "tel:" + b.payload : b.url;
        var url = safeUrl(href);
        if (!url) { return; }
        var link = document.createElement("a");
        link.href = url;
        link.textContent = b.title;
        link.rel = "noopener noreferrer";
        if (url.indexOf("tel:") !== 0) { link.target = "_blank"; }
        card.appendChild(link);
      });
      list.appendChild(card);
    });
    var item = document.createElement("li");
    item.appendChild(list);
    log.appendChild(item);
    scrollDown();
  }

  function render(entry) {
    if (entry.text) { addText(entry.from, entry.text, entry.who); }
    if (entry.cards && entry.cards.length) { addCards(entry.cards); }
    if (entry.choices && entry.choices.length) { addChoices(entry.choices); }
  }

  function fromBot(message) {
    var meta = message.metadata || {};
    var entry = {
      from: meta.counsellor ? "counsellor" : "bot",
      who: meta.counsellor || null,
      text: message.text || "",
      choices: message.quick_replies || message.buttons || [],
      cards: []
    };
    var attachment = message.attachment;
    if (attachment && attachment.payload && attachment.payload.template_type === "generic") {
      entry.cards = attachment.payload.elements || [];
    }
    return entry;
  }

  var socket = null;
  var pending = [];  // what was typed before the connection was set up: sent once it is

  function send(payload, shown) {
    var text = (shown || payload || "").trim();
    if (!payload || !payload.trim()) { return; }
    var entry = { from: "user", text: text };
    render(entry);
    remember(entry);
    var message = { message: payload, session_id: sessionId() };
    if (socket) { socket.emit("user_uttered", message); } else { pending.push(message); }
  }

  function start(config) {
    socket = io(config.socketUrl, { path: config.socketPath || "/socket.io",
                                    transports: ["websocket", "polling"] });
    // socket.io keeps these until the connection is open, then sends them in order
    pending.splice(0).forEach(function (message) { socket.emit("user_uttered", message); });
    socket.on("connect", function () {
      status.textContent = "";
      // the id of the last live-chat message received: the server sends what was missed
      socket.emit("session_request", { session_id: sessionId(),
                                       last_msg: localStorage.getItem(LAST_KEY) || "0-0" });
    });
    socket.on("connect_error", function () {
      status.textContent = "Connexion impossible pour le moment. Vous pouvez appeler le 0800 12 25 00 (gratuit).";
    });
    socket.on("disconnect", function () {
      status.textContent = "Connexion perdue, nouvelle tentative…";
    });
    socket.on("bot_uttered", function (message) {
      var meta = message.metadata || {};
      var entry = fromBot(message);
      render(entry);
      if (meta.erased) {
        // everything about this conversation was erased on the server: forget it here too
        localStorage.removeItem(HISTORY_KEY);
        localStorage.removeItem(LAST_KEY);
        localStorage.removeItem(SESSION_KEY);
        socket.emit("session_request", { session_id: sessionId(), last_msg: "0-0" });
        return;
      }
      if (meta.msg_id) { localStorage.setItem(LAST_KEY, meta.msg_id); }
      remember(entry);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text, text);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById("share-position").addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = "Votre navigateur ne permet pas de partager la position.";
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude.toFixed(5);
      var lon = position.coords.longitude.toFixed(5);
      send('/inform{"latitude": ' + lat + ', "longitude": ' + lon + "}", "Position partagée");
    }, function () {
      status.textContent = "Position non partagée. Vous pouvez écrire votre commune ou votre code postal.";
    }, { timeout: 10000 });
  });

  var dialog = document.getElementById("privacy");
  document.getElementById("privacy-open").addEventListener("click", function () { dialog.showModal(); });
  document.getElementById("privacy-close").addEventListener("click", function () { dialog.close(); });

  loadHistory().forEach(render);  // the conversation so far, shown before anything is typed
  fetch("config.json").then(function (r) { return r.json(); }).then(start).catch(function () {
    status.textContent = "Le service est indisponible pour le moment. Vous pouvez appeler le 0800 12 25 00 (gratuit).";
  });
})();
