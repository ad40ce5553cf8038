/* The counsellors' console. Every text from a person, a card or the server is put in the
 * page with textContent: nothing is ever read as HTML. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var el = SC.el, clear = SC.clear;
  var me = null, current = null, socket = null, canned = [];

  function showError(id, error) { $(id).textContent = error ? error.message : ""; }

  function signedIn(user) {
    me = user;
    SC.setCsrf(user.csrf);
    $("who").textContent = user.name + " (" + (user.role === "supervisor" ? "superviseur" : "conseiller·e") + ")";
    $("signin").hidden = true;
    $("app").hidden = false;
    $("signout").hidden = false;
    $("supervision-link").hidden = user.role !== "supervisor";
    SC.call("GET", "/api/canned").then(function (items) {
      canned = items;
      items.forEach(function (item, index) {
        var option = el("option", item.title);
        option.value = String(index);
        $("canned").appendChild(option);
      });
    });
    connect();
    refreshQueue();
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws");
    var ping = null;
    socket.onopen = function () {
      ping = setInterval(function () { socket.send("ping"); }, 10000);
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "message" && current && data.conv === current) {
        addMessage(data);
      }
      if (data.type === "queue") { scheduleRefresh(); }
    };
    socket.onclose = function () {
      clearInterval(ping);
      if (me) { setTimeout(connect, 2000); }
    };
  }

  var pending = null;
  function scheduleRefresh() {
    if (pending) { return; }
    pending = setTimeout(function () { pending = null; refreshQueue(); }, 150);
  }

  function refreshQueue() {
    var territory = $("territory").value;
    SC.call("GET", "/api/queue" + (territory ? "?territoire=" + encodeURIComponent(territory) : ""))
      .then(function (data) {
        $("queue-count").textContent = "(" + data.attente.length + ")";
        $("mine-count").textContent = "(" + data.miennes.length + "/" + data.capacite + ")";
        $("deferred-count").textContent = "(" + data.messages_differes + ")";
        var list = $("queue");
        clear(list);
        data.attente.forEach(function (item) {
          var li = el("li", null, item.urgent ? "waiting urgent" : "waiting");
          if (item.urgent) { li.appendChild(el("strong", "⚠ Détresse ")); }
          li.appendChild(el("span", item.territoire + " · attend depuis " + SC.minutes(item.attente)));
          li.appendChild(el("p", item.resume));
          var take = el("button", "Prendre");
          take.type = "button";
          take.addEventListener("click", function () { claim(item.id); });
          li.appendChild(take);
          list.appendChild(li);
        });
        if (!data.attente.length) { list.appendChild(el("li", "Personne n'attend.", "empty")); }
        var mine = $("mine");
        clear(mine);
        data.miennes.forEach(function (item) {
          var li = el("li");
          var open = el("button", (item.urgent ? "⚠ " : "") + "Conversation " + item.id.slice(0, 6) + " · " + item.territoire);
          open.type = "button";
          open.addEventListener("click", function () { openConversation(item.id); });
          li.appendChild(open);
          mine.appendChild(li);
        });
      })
      .catch(function (error) {
        if (error.status === 401) { location.reload(); return; }
        showError("queue-error", error);
      });
  }

  function claim(convId) {
    showError("queue-error", null);
    var body = convId ? { conv: convId } : { territoire: $("territory").value };
    SC.call("POST", "/api/claim", body).then(function (data) {
      refreshQueue();
      openConversation(data.conv);
    }).catch(function (error) { showError("queue-error", error); refreshQueue(); });
  }

  function addMessage(message) {
    var who = message.author === "person" ? "Personne" :
      message.author === "counsellor" ? (message.name || "Conseiller·e") : "Assistant";
    var li = el("li", null, "msg " + message.author);
    li.appendChild(el("span", who, "who"));
    li.appendChild(el("span", message.text, "text"));
    $("messages").appendChild(li);
    $("messages").scrollTop = $("messages").scrollHeight;
  }

  var FACTS = { profil: "Profil", age: "Âge", scolarise: "Encore à l'école", diplome: "Diplôme",
                commune: "Commune", code_postal: "Code postal", departement: "Département",
                territoire: "Territoire" };

  function openConversation(convId) {
    showError("conv-error", null);
    $("deferred-panel").hidden = true;
    SC.call("GET", "/api/conv/" + encodeURIComponent(convId)).then(function (data) {
      current = convId;
      $("conv-title").textContent = "Conversation " + convId.slice(0, 6) + " · " + (data.territoire || "");
      $("conv-body").hidden = false;
      $("conv-flag").hidden = !data.urgent;
      var card = data.fiche || {};
      $("card-summary").textContent = card.resume || "";
      var facts = $("card-facts");
      clear(facts);
      Object.keys(card.situation || {}).forEach(function (key) {
        if (!FACTS[key]) { return; }
        var value = card.situation[key];
        facts.appendChild(el("dt", FACTS[key]));
        facts.appendChild(el("dd", value === true ? "oui" : value === false ? "non" : value));
      });
      $("card-questions").textContent = (card.questions || []).join(", ") || "aucune";
      $("card-places").textContent = (card.lieux || []).join(" ; ") || "aucun";
      var transcript = $("card-transcript");
      clear(transcript);
      (card.transcription || []).forEach(function (line) {
        var li = el("li", null, line.from);
        li.appendChild(el("span", line.from === "personne" ? "Personne" : "Assistant", "who"));
        li.appendChild(el("span", line.text, "text"));
        transcript.appendChild(li);
      });
      clear($("messages"));
      data.messages.forEach(addMessage);
      $("note").value = data.note || "";
      var outcome = $("outcome");
      clear(outcome);
      Object.keys(data.issues).forEach(function (key) {
        var option = el("option", data.issues[key]);
        option.value = key;
        outcome.appendChild(option);
      });
      $("reply").focus();
    }).catch(function (error) { showError("conv-error", error); });
  }

  function closed() {
    current = null;
    $("conv-body").hidden = true;
    $("conv-title").textContent = "Aucune conversation ouverte";
    refreshQueue();
  }

  $("signin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    showError("signin-error", null);
    SC.call("POST", "/api/signin", { login: $("login").value, password: $("password").value })
      .then(function (user) { $("password").value = ""; signedIn(user); })
      .catch(function (error) { showError("signin-error", error); });
  });
  $("signout").addEventListener("click", function () {
    SC.call("POST", "/api/signout").finally(function () { me = null; location.reload(); });
  });
  $("territory").addEventListener("change", refreshQueue);
  $("take-next").addEventListener("click", function () { claim(null); });
  $("canned").addEventListener("change", function () {
    var item = canned[Number($("canned").value)];
    if (item) { $("reply").value = item.text; $("reply").focus(); }
    $("canned").value = "";
  });
  $("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("reply").value;
    if (!current || !text.trim()) { return; }
    SC.call("POST", "/api/conv/" + encodeURIComponent(current) + "/send", { text: text })
      .then(function () { $("reply").value = ""; showError("conv-error", null); })
      .catch(function (error) { showError("conv-error", error); });
  });
  $("reply").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("save-note").addEventListener("click", function () {
    SC.call("POST", "/api/conv/" + encodeURIComponent(current) + "/note", { note: $("note").value })
      .then(function () { $("conv-status").textContent = "Note enregistrée."; })
      .catch(function (error) { showError("conv-error", error); });
  });
  $("close-conv").addEventListener("click", function () {
    SC.call("POST", "/api/conv/" + encodeURIComponent(current) + "/close", { outcome: $("outcome").value })
      .then(closed).catch(function (error) { showError("conv-error", error); });
  });
  $("hand-back").addEventListener("click", function () {
    SC.call("POST", "/api/conv/" + encodeURIComponent(current) + "/handback")
      .then(closed).catch(function (error) { showError("conv-error", error); });
  });
  $("show-deferred").addEventListener("click", function () {
    $("conv-body").hidden = true;
    $("deferred-panel").hidden = false;
    SC.call("GET", "/api/deferred").then(function (items) {
      var list = $("deferred");
      clear(list);
      if (!items.length) { list.appendChild(el("li", "Aucun message en attente.", "empty")); }
      items.forEach(function (item) {
        var li = el("li", null, "deferred");
        li.appendChild(el("p", new Date(item.recu * 1000).toLocaleString("fr-FR") + " · " + item.territoire + " · " + item.email));
        li.appendChild(el("p", item.resume, "summary"));
        li.appendChild(el("blockquote", item.texte));
        var label = el("label", "Réponse par e-mail");
        var area = el("textarea");
        area.rows = 3;
        area.id = "answer-" + item.id;
        label.htmlFor = area.id;
        var send = el("button", "Envoyer la réponse");
        send.type = "button";
        send.addEventListener("click", function () {
          SC.call("POST", "/api/deferred/" + encodeURIComponent(item.id) + "/reply", { text: area.value })
            .then(function () { li.textContent = "Réponse envoyée ; l'adresse a été effacée."; refreshQueue(); })
            .catch(function (error) { showError("deferred-error", error); });
        });
        li.appendChild(label);
        li.appendChild(area);
        li.appendChild(send);
        list.appendChild(li);
      });
    }).catch(function (error) { showError("deferred-error", error); });
  });

  SC.call("GET", "/api/me").then(signedIn).catch(function () { $("signin").hidden = false; });
})();
