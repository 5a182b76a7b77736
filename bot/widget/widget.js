/*
 * Meldcode-assistent chat widget.
 *
 * Embed with one tag (the assistant serves this file):
 *   <script src="https://assistent.example/widget/widget.js" defer
 *           data-title="Meldcode-assistent" data-color="#154273" data-open="false"></script>
 *
 * data-server  base address of the assistant (default: where this file came from)
 * data-title   title of the chat panel
 * data-color   main colour, #rrggbb; ignored if white text on it would be below 4.5:1
 * data-open    "true" to start with the panel open
 * data-organisation  the key of an organisation file on the assistant (#31): its own
 *              contacts, steps and sector; its title and colour unless the page sets them.
 *              An unknown key gets the generic assistant.
 *
 * Talks to the assistant's redacting web channel (/webhooks/web/webhook, Rasa's
 * REST contract). Everything is rendered as text; links only for addresses on the
 * assistant's own allow-list (/widget/links.json). The conversation id is random
 * and kept in sessionStorage, so it ends with the browser tab; no cookies.
 *
 * The browser keeps only what the assistant kept: while a message is on its way
 * its bubble shows what was typed; with the reply comes the redacted form
 * ("redacted"), which replaces the bubble's text and is the only form stored in
 * sessionStorage. A refused message is taken out of the log again. The message box
 * has spellcheck, autocomplete and autocorrect off, so no (cloud) spell-checker of
 * the browser is asked to read it.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__meldcodeAssistent) {
    return;
  }
  window.__meldcodeAssistent = true;

  var cfg = script.dataset || {};
  var scriptOrigin = new URL(script.src, window.location.href).origin;
  var base = (cfg.server || scriptOrigin).replace(/\/+$/, "");
  var WEBHOOK = base + "/webhooks/web/webhook";
  // The organisation this page belongs to (data-organisation): sent with every message,
  // and its conversation is stored apart from another organisation's in the same tab.
  var ORGANISATION = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(cfg.organisation || "") ? cfg.organisation : null;
  var STORE_KEY = "meldcode-assistent" + (ORGANISATION ? ":" + ORGANISATION : "");
  // Every text the widget shows comes from the assistant: actions/content/kanalen.yml,
  // put in here by the server when it serves this file (bot/channels/widget.py). So
  // the widget has them all, the safety line too, even when the assistant cannot be
  // reached later on. None is written in this file.
  var SERVED = {/*MELDCODE_SERVED*/};
  var TEXT = SERVED.texts || {};
  var MAX_CHARS = SERVED.maxChars || 2000;
  var TITLE = cfg.title || TEXT.title;

  // ---- state (sessionStorage: gone when the tab closes) ---------------------

  function newSender() {
    if (window.crypto && window.crypto.randomUUID) {
      return "web-" + window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) {
        return saved;
      }
    } catch (e) {
      /* unreadable or blocked storage: start fresh */
    }
    return { sender: newSender(), messages: [], open: false };
  }

  var state = load();

  function save() {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* storage blocked: the widget still works for this page */
    }
  }

  // ---- colour: only if white text on it stays readable ----------------------

  function luminance(hex) {
    var rgb = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }

  function usableColour(value) {
    if (!/^#[0-9a-fA-F]{6}$/.test(value || "")) {
      return null;
    }
    var contrast = 1.05 / (luminance(value) + 0.05);
    return contrast >= 4.5 ? value : null;
  }

  // ---- DOM helpers -----------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "className") {
        node.className = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: base + "/widget/widget.css" });
  document.head.appendChild(css);

  var root = el("div", { className: "mca-root", "data-meldcode-assistent": "" });
  function useColour(value) {
    var usable = usableColour(value);
    if (usable) {
      root.style.setProperty("--mca-color", usable);
    }
  }
  useColour(cfg.color);

  var launcher = el("button", {
    type: "button", className: "mca-launcher", "aria-expanded": "false", "aria-controls": "mca-panel",
  }, TEXT.launcher.replace("{title}", TITLE));

  var panel = el("section", { id: "mca-panel", className: "mca-panel", role: "dialog", "aria-labelledby": "mca-title" });
  panel.hidden = true;

  var header = el("div", { className: "mca-header" });
  var title = el("h2", { id: "mca-title", className: "mca-title" }, TITLE);
  var closeBtn = el("button", { type: "button", className: "mca-close", "aria-label": TEXT.close }, "×");
  header.appendChild(title);
  header.appendChild(closeBtn);

  var safety = el("p", { className: "mca-safety" }, TEXT.safety);
  var log = el("div", {
    className: "mca-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": TEXT.log, tabindex: "0",
  });
  var typing = el("p", { className: "mca-typing", role: "status" });
  var typingText = el("span", { className: "mca-dots" }, TEXT.typing);
  typing.appendChild(typingText);
  typing.hidden = true;

  var errorBox = el("div", { className: "mca-error", role: "alert" });
  var errorText = el("p", {}, "");
  var retryBtn = el("button", { type: "button", className: "mca-retry" }, TEXT.retry);
  errorBox.appendChild(errorText);
  errorBox.appendChild(retryBtn);
  errorBox.hidden = true;

  var form = el("form", { className: "mca-form", novalidate: "" });
  var field = el("div", { className: "mca-field" });
  var label = el("label", { for: "mca-input", className: "mca-label" }, TEXT.input_label);
  // No spell-checker, autofill or autocorrect reads along (some send the text to a cloud
  // service); the data-* attributes ask the common grammar extensions to stay out as well.
  var input = el("textarea", {
    id: "mca-input", className: "mca-input", rows: "2", maxlength: String(MAX_CHARS),
    autocomplete: "off", spellcheck: "false", autocorrect: "off", autocapitalize: "off",
    "data-gramm": "false", "data-gramm_editor": "false", "data-enable-grammarly": "false",
    "data-lt-active": "false",
  });
  var sendBtn = el("button", { type: "submit", className: "mca-send" }, TEXT.send);
  field.appendChild(label);
  field.appendChild(input);
  form.appendChild(field);
  form.appendChild(sendBtn);

  var tools = el("div", { className: "mca-tools", role: "group", "aria-label": TEXT.tools });
  var restartBtn = el("button", { type: "button", className: "mca-tool" }, TEXT.restart);
  var forgetBtn = el("button", { type: "button", className: "mca-tool" }, TEXT.forget);
  var copyBtn = el("button", { type: "button", className: "mca-tool" }, TEXT.copy);
  copyBtn.hidden = true;
  tools.appendChild(restartBtn);
  tools.appendChild(forgetBtn);
  tools.appendChild(copyBtn);
  var copyStatus = el("p", { className: "mca-sr", role: "status" });

  [header, safety, log, typing, errorBox, form, tools, copyStatus].forEach(function (n) {
    panel.appendChild(n);
  });
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- the organisation's own title and colour, unless the page set them -------

  if (ORGANISATION && (!cfg.title || !cfg.color)) {
    fetch(base + "/widget/organisation-" + ORGANISATION + ".json", { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (own) {
        if (!cfg.title && own && typeof own.title === "string" && own.title) {
          TITLE = own.title;
          title.textContent = TITLE;
          launcher.textContent = TEXT.launcher.replace("{title}", TITLE);
        }
        if (!cfg.color && own && typeof own.color === "string") {
          useColour(own.color);
        }
      })
      .catch(function () { /* the generic title and colour stay */ });
  }

  // ---- links: only the assistant's own source addresses ---------------------

  var allowedLinks = {};
  var linksReady = fetch(base + "/widget/links.json", { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (list) {
      (Array.isArray(list) ? list : []).forEach(function (url) {
        if (typeof url === "string" && /^https?:\/\//.test(url)) {
          allowedLinks[url] = true;
        }
      });
    })
    .catch(function () { /* no links then: addresses stay plain text */ });

  var URL_RE = /https?:\/\/[^\s;]+/g;

  function appendText(node, text, withLinks) {
    if (!withLinks) {
      node.appendChild(document.createTextNode(text));
      return;
    }
    var last = 0;
    text.replace(URL_RE, function (match, offset) {
      var url = match.replace(/[.,)]+$/, "");
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      if (Object.prototype.hasOwnProperty.call(allowedLinks, url)) {
        var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
        node.appendChild(a);
      } else {
        node.appendChild(document.createTextNode(url));
      }
      last = offset + url.length;
      return match;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- rendering --------------------------------------------------------------

  function isSummary(text) {
    return /^Samenvatting, zonder namen/.test(text || "");
  }

  // Renders one message; its buttons only when it is the newest message (older
  // buttons are answered already; they can always be typed as well).
  function renderMessage(msg, withButtons) {
    var who = msg.from;
    var bubble = el("div", { className: "mca-msg mca-msg-" + who });
    bubble.appendChild(el("span", { className: "mca-sr" }, who === "user" ? TEXT.you : TEXT.bot));
    appendText(bubble, msg.text || "", who === "bot");
    log.appendChild(bubble);
    if (withButtons && msg.buttons && msg.buttons.length) {
      var group = el("div", { className: "mca-choices", role: "group", "aria-label": TEXT.choices });
      msg.buttons.forEach(function (b) {
        var choice = el("button", { type: "button", className: "mca-choice" }, String(b.title || ""));
        choice.addEventListener("click", function () {
          send(String(b.payload || b.title || ""), String(b.title || ""));
        });
        group.appendChild(choice);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
    return bubble;
  }

  function removeChoices() {
    Array.prototype.slice.call(log.querySelectorAll(".mca-choices")).forEach(function (g) {
      g.parentNode.removeChild(g);
    });
  }

  // Whole log (page load, forget): the newest bot messages keep their buttons.
  function renderAll() {
    log.textContent = "";
    var lastUser = -1;
    state.messages.forEach(function (m, i) { if (m.from === "user") { lastUser = i; } });
    state.messages.forEach(function (m, i) { renderMessage(m, i > lastUser); });
    copyBtn.hidden = !latestSummary();
  }

  // One new message: only it is added to the live region, so a screen reader
  // announces just that message.
  function add(msg) {
    state.messages.push(msg);
    save();
    if (msg.from === "user") {
      removeChoices();
    }
    var node = renderMessage(msg, true);
    copyBtn.hidden = !latestSummary();
    return node;
  }

  function latestSummary() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].from === "bot" && isSummary(state.messages[i].text)) {
        return state.messages[i].text;
      }
    }
    return null;
  }

  function welcome() {
    add({
      from: "system",
      text: TEXT.notice,
      buttons: [
        { title: TEXT.start, payload: "/inform" },
        { title: TEXT.help, payload: "/help" },
      ],
    });
  }

  // ---- talking to the assistant --------------------------------------------------

  var busy = false;
  var pending = null; // the message that could not be sent: {message, shown}

  function post(message) {
    return fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(ORGANISATION
        ? { sender: state.sender, message: message, organisation: ORGANISATION }
        : { sender: state.sender, message: message }),
      credentials: "omit",
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    });
  }

  function showError(text, canRetry) {
    errorText.textContent = text;
    retryBtn.hidden = !canRetry;
    errorBox.hidden = false;
  }

  // The user's bubble now shows what the assistant kept, and only that is stored.
  function settle(bubble, text) {
    while (bubble.childNodes.length > 1) {
      bubble.removeChild(bubble.lastChild); // the typed text (the first child is "Jij: ")
    }
    appendText(bubble, text, false);
    state.messages.push({ from: "user", text: text });
    save();
  }

  function keptText(replies) {
    for (var i = 0; i < replies.length; i++) {
      if (replies[i] && typeof replies[i].redacted === "string") {
        return replies[i].redacted;
      }
    }
    return TEXT.kept; // an assistant without "redacted": store nothing of what was typed
  }

  // Start afresh here: a new conversation id, nothing stored, `text` as the first line.
  function resetLocal(text) {
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) { /* nothing stored */ }
    state = { sender: newSender(), messages: [], open: true };
    input.value = "";
    errorBox.hidden = true;
    pending = null;
    log.textContent = "";
    add({ from: "system", text: text });
    welcome();
    input.focus();
  }

  function forgetText(res) {
    if (!res.ok) {
      return TEXT.forgotten_local;
    }
    var first = Array.isArray(res.body) ? res.body[0] : null;
    return first && first.forgotten === false ? TEXT.nothing_on_server : TEXT.forgotten;
  }

  function forgetReply(replies) {
    return replies.some(function (r) { return r && typeof r.forgotten === "boolean"; });
  }

  function send(message, shown) {
    message = (message || "").trim();
    if (!message || busy) {
      return;
    }
    if (message.length > MAX_CHARS) {
      showError(TEXT.too_long);
      return;
    }
    busy = true;
    errorBox.hidden = true;
    pending = null;
    removeChoices();
    // On the page while the message is on its way; stored only in its redacted form.
    var bubble = renderMessage({ from: "user", text: shown || message }, false);
    typing.hidden = false;
    var giveBack = function () {
      // Not taken: out of the log again, and back to the user to change or send again.
      if (bubble.parentNode) {
        bubble.parentNode.removeChild(bubble);
      }
      if (!shown) {
        input.value = message;
      }
    };
    post(message)
      .then(function (res) {
        if (!res.ok) {
          giveBack();
          var reason = res.body && typeof res.body.error === "string" ? res.body.error : TEXT.network_error;
          var again = res.status === 429 || res.status === 503;
          pending = again ? { message: message, shown: shown } : null;
          showError(reason, again);
          return;
        }
        var replies = Array.isArray(res.body) ? res.body : [];
        if (forgetReply(replies)) { // "vergeet dit gesprek" typed, or the Stoppen button
          resetLocal(forgetText(res));
          return;
        }
        settle(bubble, shown || keptText(replies));
        replies.forEach(function (r) {
          if (r && (r.text || (r.buttons && r.buttons.length))) {
            add({ from: "bot", text: String(r.text || ""), buttons: Array.isArray(r.buttons) ? r.buttons : [] });
          }
        });
      })
      .catch(function () {
        giveBack();
        pending = { message: message, shown: shown };
        showError(TEXT.network_error, true);
      })
      .then(function () {
        busy = false;
        typing.hidden = true;
      });
  }

  function forget() {
    post("vergeet dit gesprek")
      .then(function (res) { resetLocal(forgetText(res)); })
      .catch(function () { resetLocal(TEXT.forgotten_local); });
  }

  function copySummary() {
    var text = latestSummary();
    if (!text) {
      return;
    }
    var ok = function () { copyStatus.textContent = TEXT.copied; };
    var fail = function () { copyStatus.textContent = TEXT.copy_failed; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(ok, fail);
      return;
    }
    var area = el("textarea", { className: "mca-sr", "aria-hidden": "true" });
    area.value = text;
    panel.appendChild(area);
    area.select();
    try {
      (document.execCommand("copy") ? ok : fail)();
    } catch (e) {
      fail();
    }
    panel.removeChild(area);
  }

  // ---- opening and closing ---------------------------------------------------

  function open() {
    panel.hidden = false;
    root.classList.add("mca-open");
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    if (!state.messages.length) {
      welcome();
    } else {
      save();
    }
    input.focus();
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("mca-open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", open);
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) {
      return;
    }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });
  retryBtn.addEventListener("click", function () {
    if (!pending) {
      errorBox.hidden = true;
      return;
    }
    var again = pending;
    if (!again.shown && input.value === again.message) {
      input.value = "";
    }
    send(again.message, again.shown);
  });
  restartBtn.addEventListener("click", function () { send("/restart_consultation", TEXT.restart); });
  forgetBtn.addEventListener("click", forget);
  copyBtn.addEventListener("click", copySummary);

  function mount() {
    document.body.appendChild(root);
    renderAll();
    if (cfg.open === "true" || state.open) {
      open();
    }
  }

  // Mount once the link allow-list is known (or has failed), so nothing
  // needs to be rendered twice.
  linksReady.then(function () {
    if (document.body) {
      mount();
    } else {
      document.addEventListener("DOMContentLoaded", mount);
    }
  });
})();
