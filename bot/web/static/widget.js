/*
 * Essex Police (demo) crime-prevention chat widget.
 *
 * Embed with one tag:
 *   <script src="https://host/widget.js" data-server="https://rasa.example" defer
 *           data-exit-url="https://www.bbc.co.uk/weather"></script>
 *
 * No framework, no inline script or style, no eval, no innerHTML: every string from the resident
 * or the assistant reaches the page through textContent / createTextNode, and the small safe
 * formatting subset (bold, bullet lists, https links) is built with DOM calls. Works under
 * "script-src 'self'; style-src 'self'; connect-src <rasa server>".
 *
 * Privacy: the session id and the transcript live in sessionStorage only (never localStorage, never
 * cookies), so closing the tab forgets them. Quick exit (button, Escape while the chat is open, or
 * Shift pressed 3 times within a second) clears the chat from the page and from sessionStorage and
 * replaces the page with a neutral one, so Back does not return to it.
 *
 * Message format: docs/message-format.md (REST channel).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__essexChatLoaded) {
    return;
  }
  window.__essexChatLoaded = true;

  var DEFAULT_EXIT_URL = 'https://www.bbc.co.uk/weather';
  var STORAGE_PREFIX = 'essexChat.';
  var KEY_SESSION = STORAGE_PREFIX + 'session';
  var KEY_TRANSCRIPT = STORAGE_PREFIX + 'transcript';
  var MAX_TRANSCRIPT = 200;
  var SHIFT_WINDOW_MS = 1000;

  // ---------------------------------------------------------------- configuration

  function absoluteHttpUrl(value, fallback) {
    if (!value) {
      return fallback;
    }
    try {
      var url = new URL(value, window.location.href);
      if (url.protocol === 'https:' || url.protocol === 'http:') {
        return url.href;
      }
    } catch (e) {
      // fall through
    }
    return fallback;
  }

  var timeoutAttr = parseInt(script.getAttribute('data-timeout') || '', 10);
  var config = {
    server: (absoluteHttpUrl(script.getAttribute('data-server'), '') || '').replace(/\/+$/, ''),
    exitUrl: absoluteHttpUrl(script.getAttribute('data-exit-url'), DEFAULT_EXIT_URL),
    timeoutMs: timeoutAttr > 0 ? timeoutAttr : 15000,
    test: script.getAttribute('data-test') === '1',
    cssUrl: new URL('widget.css', script.src || window.location.href).href
  };

  // ---------------------------------------------------------------- storage (sessionStorage only)

  var memoryStore = {};

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (e) {
      memoryStore[key] = value;
    }
  }

  function storageClear() {
    memoryStore = {};
    try {
      var keys = [];
      for (var i = 0; i < window.sessionStorage.length; i += 1) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(STORAGE_PREFIX) === 0) {
          keys.push(key);
        }
      }
      keys.forEach(function (k) { window.sessionStorage.removeItem(k); });
    } catch (e) {
      // storage unavailable: nothing was stored there
    }
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = '';
    for (var i = 0; i < bytes.length; i += 1) {
      hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return 'web-' + hex;
  }

  function sessionId() {
    var id = storageGet(KEY_SESSION);
    if (!id || !/^web-[0-9a-f]{32}$/.test(id)) {
      id = newSessionId();
      storageSet(KEY_SESSION, id);
    }
    return id;
  }

  function loadTranscript() {
    try {
      var parsed = JSON.parse(storageGet(KEY_TRANSCRIPT) || '[]');
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }

  function remember(entry) {
    var transcript = loadTranscript();
    transcript.push(entry);
    if (transcript.length > MAX_TRANSCRIPT) {
      transcript = transcript.slice(transcript.length - MAX_TRANSCRIPT);
    }
    storageSet(KEY_TRANSCRIPT, JSON.stringify(transcript));
  }

  // ---------------------------------------------------------------- DOM helpers (no innerHTML)

  var idCounter = 0;

  function uid(name) {
    idCounter += 1;
    return 'ecw-' + name + '-' + idCounter;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (name === 'class') {
          node.className = value;
        } else if (name === 'text') {
          node.textContent = value;
        } else {
          node.setAttribute(name, value === true ? '' : String(value));
        }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hidden(text) {
    return el('span', { 'class': 'ecw-vh', text: text });
  }

  function telHref(number) {
    // Only things that look like a phone number (digits, spaces, +, -, brackets, dots) become links.
    var raw = String(number || '').trim();
    if (!/^\+?[0-9][0-9 ().-]*$/.test(raw)) {
      return null;
    }
    var digits = raw.replace(/[^0-9+]/g, '');
    return /^\+?[0-9]{3,20}$/.test(digits) ? 'tel:' + digits : null;
  }

  function telLink(number, label) {
    var href = telHref(number);
    if (!href) {
      return document.createTextNode(String(label || number || ''));
    }
    return el('a', { href: href, 'class': 'ecw-tel', text: String(label || number) });
  }

  function safeHttps(candidate) {
    if (typeof candidate !== 'string' || !/^https:\/\//i.test(candidate)) {
      return null;
    }
    try {
      var url = new URL(candidate);
      if (url.protocol !== 'https:' || url.username || url.password) {
        return null;
      }
      return url.href;
    } catch (e) {
      return null;
    }
  }

  function externalLink(label, href) {
    return el('a', { href: href, target: '_blank', rel: 'noopener noreferrer' },
      [String(label), hidden(' (opens in a new tab)')]);
  }

  // ---------------------------------------------------------------- safe formatting subset

  // **bold** | [label](https://...) | bare https://... ; everything else is literal text.
  var INLINE_SOURCE = '\\*\\*([^*\\n]+?)\\*\\*|\\[([^\\]\\n]+)\\]\\(([^()\\s]+)\\)|(https:\\/\\/[^\\s<>"\'`]+)';

  function appendInline(parent, text) {
    var re = new RegExp(INLINE_SOURCE, 'gi');
    var last = 0;
    var match;
    while ((match = re.exec(text)) !== null) {
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      if (match[1] !== undefined) {
        var strong = el('strong');
        appendInline(strong, match[1]);
        parent.appendChild(strong);
      } else if (match[2] !== undefined) {
        var href = safeHttps(match[3]);
        parent.appendChild(href ? externalLink(match[2], href) : document.createTextNode(match[0]));
      } else {
        var raw = match[4];
        var trailing = /[.,;:!?)\]'"]+$/.exec(raw);
        var core = trailing ? raw.slice(0, trailing.index) : raw;
        var bare = safeHttps(core);
        if (bare && core.length > 'https://'.length) {
          parent.appendChild(externalLink(core, bare));
          if (trailing) {
            parent.appendChild(document.createTextNode(trailing[0]));
          }
        } else {
          parent.appendChild(document.createTextNode(raw));
        }
      }
      last = re.lastIndex;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  function formatText(text) {
    var fragment = document.createDocumentFragment();
    var blocks = String(text).replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
    blocks.forEach(function (block) {
      var paragraph = null;
      var list = null;
      block.split('\n').forEach(function (line) {
        var item = /^\s*- (.*)$/.exec(line);
        if (item) {
          paragraph = null;
          if (!list) {
            list = el('ul', { 'class': 'ecw-list' });
            fragment.appendChild(list);
          }
          var li = el('li');
          appendInline(li, item[1]);
          list.appendChild(li);
        } else if (line.trim() !== '') {
          list = null;
          if (!paragraph) {
            paragraph = el('p');
            fragment.appendChild(paragraph);
          } else {
            paragraph.appendChild(el('br'));
          }
          appendInline(paragraph, line);
        }
      });
    });
    return fragment;
  }

  // ---------------------------------------------------------------- markup

  var root;
  var launcher;
  var dialog;
  var exitButton;
  var shiftStatus;
  var log;
  var statusRegion;
  var input;
  var sendButton;

  function build() {
    var titleId = uid('title');
    var exitHelpId = uid('exit-help');
    var inputId = uid('input');
    var hintId = uid('hint');
    var logLabelId = uid('log-label');
    var dialogId = uid('dialog');

    launcher = el('button', {
      type: 'button', 'class': 'ecw-launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
      'aria-controls': dialogId
    }, [el('span', { 'class': 'ecw-launcher-icon', 'aria-hidden': 'true' }), 'Ask for crime-prevention advice']);

    exitButton = el('button', { type: 'button', 'class': 'ecw-exit-button', 'aria-describedby': exitHelpId },
      ['Emergency - exit this page']);
    shiftStatus = el('div', { 'class': 'ecw-vh', role: 'status' });
    var exitBar = el('div', { 'class': 'ecw-exit' }, [
      exitButton,
      el('p', {
        id: exitHelpId, 'class': 'ecw-vh',
        text: 'Leaves this page straight away and clears this chat. You can also press the Escape key, ' +
          'or press the Shift key 3 times.'
      }),
      shiftStatus
    ]);

    var restartButton = el('button', { type: 'button', 'class': 'ecw-secondary ecw-restart' }, ['Start again']);
    var closeButton = el('button', { type: 'button', 'class': 'ecw-secondary ecw-close' }, ['Close chat']);
    var header = el('div', { 'class': 'ecw-header' }, [
      el('div', { 'class': 'ecw-heading' }, [
        el('h2', { id: titleId, 'class': 'ecw-title', text: 'Crime-prevention advice' }),
        el('p', { 'class': 'ecw-subtitle', text: 'Automated assistant, not a person' })
      ]),
      el('div', { 'class': 'ecw-controls' }, [restartButton, closeButton])
    ]);

    var banner = el('p', { 'class': 'ecw-banner' }, [
      el('strong', { text: 'In danger now?' }), ' Call ', telLink('999'), '. ',
      "Can't speak? Call 999 then press 55. ",
      'Text relay ', telLink('18000'), '. ',
      'Non-emergency ', telLink('101'), '.'
    ]);

    log = el('div', {
      'class': 'ecw-log', role: 'log', 'aria-live': 'polite', 'aria-labelledby': logLabelId, tabindex: '0'
    }, [
      el('p', {
        'class': 'ecw-intro',
        text: 'Ask a question, in your own words, about keeping yourself or someone else safe from crime. ' +
          'Please do not type names, addresses or phone numbers.'
      })
    ]);

    statusRegion = el('div', { 'class': 'ecw-status', role: 'status' });

    input = el('input', {
      id: inputId, 'class': 'ecw-input', type: 'text', autocomplete: 'off', autocapitalize: 'sentences',
      spellcheck: 'true', enterkeyhint: 'send', maxlength: '1000', 'aria-describedby': hintId
    });
    sendButton = el('button', { type: 'button', 'class': 'ecw-send' }, ['Send']);
    var composer = el('div', { 'class': 'ecw-composer' }, [
      el('label', { 'for': inputId, 'class': 'ecw-label', text: 'Type your question' }),
      el('p', { id: hintId, 'class': 'ecw-hint', text: 'Press Enter or the Send button to send.' }),
      el('div', { 'class': 'ecw-row' }, [input, sendButton])
    ]);

    dialog = el('dialog', { id: dialogId, 'class': 'ecw-dialog', 'aria-labelledby': titleId, lang: 'en-GB' }, [
      exitBar,
      header,
      banner,
      el('p', { id: logLabelId, 'class': 'ecw-vh', text: 'Conversation' }),
      log,
      statusRegion,
      composer
    ]);

    root = el('aside', { 'class': 'ecw-root', lang: 'en-GB', 'aria-label': 'Crime-prevention advice chat' },
      [launcher, dialog]);
    root.hidden = true;

    launcher.addEventListener('click', openDialog);
    closeButton.addEventListener('click', closeDialog);
    restartButton.addEventListener('click', startAgain);
    exitButton.addEventListener('click', quickExit);
    sendButton.addEventListener('click', sendFromInput);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.isComposing && !event.shiftKey) {
        event.preventDefault();
        sendFromInput();
      }
    });
    // The Escape key is handled first (onKeyDown: quick exit, and its default action, which would
    // fire 'cancel', is prevented). A 'cancel' that still arrives is another close request, such as
    // the Android back gesture: that only closes the chat, like the Close button.
    dialog.addEventListener('cancel', function (event) {
      if (exiting) {
        event.preventDefault();
      }
    });
    dialog.addEventListener('close', function () {
      launcher.setAttribute('aria-expanded', 'false');
      if (!exiting && root.contains(document.activeElement) === false) {
        launcher.focus();
      }
    });
  }

  // ---------------------------------------------------------------- open, close, start again

  function openDialog() {
    if (dialog.open) {
      return;
    }
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    launcher.setAttribute('aria-expanded', 'true');
    scrollToEnd();
    input.focus();
  }

  function closeDialog() {
    if (typeof dialog.close === 'function' && dialog.open) {
      dialog.close();
    } else {
      dialog.removeAttribute('open');
    }
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  var pending = null; // {controller} while a message is on its way

  function abortPending() {
    if (pending) {
      pending.aborted = true;
      try {
        pending.controller.abort();
      } catch (e) {
        // ignore
      }
      pending = null;
    }
    setTyping(false);
  }

  function clearLog() {
    Array.prototype.slice.call(log.children).forEach(function (child) {
      if (!child.classList.contains('ecw-intro')) {
        log.removeChild(child);
      }
    });
  }

  function startAgain() {
    abortPending();
    clearLog();
    storageClear();
    storageSet(KEY_SESSION, newSessionId());
    input.value = '';
    announce('Conversation cleared. You can start again.');
    input.focus();
  }

  // ---------------------------------------------------------------- quick exit

  var exiting = false;

  function quickExit() {
    if (exiting) {
      return;
    }
    exiting = true;
    try {
      document.documentElement.classList.add('ecw-exiting');
      abortPending();
      if (dialog.open && typeof dialog.close === 'function') {
        dialog.close();
      }
      log.textContent = '';
      input.value = '';
      if (root.parentNode) {
        root.parentNode.removeChild(root);
      }
    } catch (e) {
      // never let a problem here stop the exit
    }
    storageClear();
    window.location.replace(config.exitUrl);
  }

  var shiftTimes = [];
  var otherKeyWithShift = false;

  function onKeyDown(event) {
    if (exiting) {
      return;
    }
    if (event.key === 'Escape' && !event.isComposing && dialog.open) {
      event.preventDefault();
      event.stopPropagation();
      quickExit();
      return;
    }
    if (event.key !== 'Shift') {
      // Shift used for a capital letter (or any other key in between) is not an exit request.
      shiftTimes = [];
      if (event.shiftKey) {
        otherKeyWithShift = true;
      }
    }
  }

  function onKeyUp(event) {
    if (exiting || event.key !== 'Shift') {
      return;
    }
    if (otherKeyWithShift) {
      otherKeyWithShift = false;
      return;
    }
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t <= SHIFT_WINDOW_MS; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) {
      quickExit();
      return;
    }
    if (dialog.open) {
      var left = 3 - shiftTimes.length;
      shiftStatus.textContent = 'Shift, press ' + left + ' more ' + (left === 1 ? 'time' : 'times') + ' to exit.';
      window.setTimeout(function () { shiftStatus.textContent = ''; }, 3000);
    }
  }

  // ---------------------------------------------------------------- rendering

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function announce(text) {
    statusRegion.textContent = '';
    statusRegion.appendChild(el('span', { text: text }));
  }

  function setTyping(on) {
    statusRegion.textContent = '';
    if (on) {
      statusRegion.appendChild(el('span', { 'class': 'ecw-dots', 'aria-hidden': 'true' },
        [el('span'), el('span'), el('span')]));
      statusRegion.appendChild(el('span', { 'class': 'ecw-typing-text', text: 'Assistant is typing' }));
    }
  }

  function addToLog(node) {
    log.appendChild(node);
    scrollToEnd();
    return node;
  }

  function renderUser(text) {
    return addToLog(el('div', { 'class': 'ecw-msg ecw-msg--user' }, [
      hidden('You said: '),
      el('p', { 'class': 'ecw-user-text', text: String(text) })
    ]));
  }

  function renderReferrals(referrals) {
    var list = el('ul', { 'class': 'ecw-cards' });
    referrals.forEach(function (ref) {
      if (!ref || typeof ref !== 'object') {
        return;
      }
      var card = el('li', { 'class': 'ecw-card' });
      card.appendChild(el('h3', { 'class': 'ecw-card-name', text: String(ref.name || 'Where to get help') }));
      function line(label, content) {
        card.appendChild(el('p', { 'class': 'ecw-card-line' }, [el('span', { 'class': 'ecw-card-label', text: label + ': ' }), content]));
      }
      if (ref.phone) {
        line('Phone', telLink(ref.phone, ref.phone));
      }
      if (ref.textphone) {
        line('Textphone', telLink(ref.textphone, ref.textphone));
      }
      if (ref.text_number) {
        line('Text', document.createTextNode(String(ref.text_number)));
      }
      if (ref.url) {
        var href = safeHttps(String(ref.url));
        line('Website', href ? externalLink(String(ref.url).replace(/^https:\/\//i, '').replace(/\/$/, ''), href)
          : document.createTextNode(String(ref.url)));
      }
      if (ref.hours) {
        line('Opening hours', document.createTextNode(String(ref.hours)));
      }
      if (ref.for_whom) {
        line('Who it is for', document.createTextNode(String(ref.for_whom)));
      }
      list.appendChild(card);
    });
    return list;
  }

  function renderChoices(buttons) {
    var group = el('div', { 'class': 'ecw-choices', role: 'group', 'aria-label': 'Reply options' });
    buttons.forEach(function (button) {
      if (!button || typeof button !== 'object') {
        return;
      }
      var title = String(button.title || button.payload || '');
      var payload = String(button.payload || button.title || '');
      if (!title) {
        return;
      }
      var node = el('button', { type: 'button', 'class': 'ecw-choice' }, [title]);
      node.addEventListener('click', function () {
        sendMessage(payload, title, { fromChoice: true });
      });
      group.appendChild(node);
    });
    return group.children.length ? addToLog(group) : null;
  }

  function customData(message) {
    var custom = message.custom;
    if (!custom || typeof custom !== 'object') {
      return null;
    }
    var data = custom.data && typeof custom.data === 'object' ? custom.data : custom;
    return typeof data.kind === 'string' ? data : null;
  }

  // Renders a list of bot messages. withChoices: show their buttons (false when re-rendering old
  // turns from the transcript).
  function renderBotMessages(messages, withChoices) {
    var lastBubble = null;
    messages.forEach(function (message) {
      if (!message || typeof message !== 'object') {
        return;
      }
      var bubble = null;
      if (typeof message.text === 'string' && message.text.trim() !== '') {
        bubble = el('div', { 'class': 'ecw-msg ecw-msg--bot' }, [hidden('Assistant said: ')]);
        bubble.appendChild(formatText(message.text));
        addToLog(bubble);
        lastBubble = bubble;
      }
      var data = customData(message);
      if (data && data.kind === 'referrals' && Array.isArray(data.referrals) && data.referrals.length) {
        var holder = el('div', { 'class': 'ecw-msg ecw-msg--bot ecw-msg--referrals' }, [hidden('Where to get help: ')]);
        holder.appendChild(renderReferrals(data.referrals));
        addToLog(holder);
        lastBubble = holder;
      } else if (data && (data.kind === 'emergency' || data.kind === 'possible_danger') && lastBubble) {
        lastBubble.classList.add('ecw-msg--emergency');
      }
      if (withChoices && Array.isArray(message.buttons) && message.buttons.length) {
        renderChoices(message.buttons);
      }
    });
  }

  function keepable(message) {
    // Only the parts the widget renders go into sessionStorage.
    var kept = {};
    if (typeof message.text === 'string') {
      kept.text = message.text;
    }
    if (Array.isArray(message.buttons)) {
      kept.buttons = message.buttons.map(function (b) {
        return { title: String((b && b.title) || ''), payload: String((b && b.payload) || '') };
      });
    }
    var data = customData(message);
    if (data && (data.kind === 'referrals' || data.kind === 'emergency' || data.kind === 'possible_danger')) {
      kept.custom = { data: data };
    }
    return kept;
  }

  function removeChoices() {
    var hadFocus = false;
    Array.prototype.slice.call(log.querySelectorAll('.ecw-choices, .ecw-error')).forEach(function (node) {
      if (node.contains(document.activeElement)) {
        hadFocus = true;
      }
      node.parentNode.removeChild(node);
    });
    if (hadFocus) {
      input.focus();
    }
  }

  function renderError(payload, display, typedText) {
    var retry = el('button', { type: 'button', 'class': 'ecw-choice ecw-retry' }, ['Try again']);
    retry.addEventListener('click', function () {
      sendMessage(payload, display, { retry: true, typedText: typedText });
    });
    addToLog(el('div', { 'class': 'ecw-error' }, [
      el('div', { 'class': 'ecw-msg ecw-msg--bot ecw-msg--alert' }, [
        hidden('Assistant said: '),
        el('p', {}, [
          "Sorry, the assistant isn't available right now. If you are in danger call ", telLink('999'),
          '. Otherwise call ', telLink('101'), ' or report online at essex.police.uk.'
        ])
      ]),
      el('div', { 'class': 'ecw-choices' }, [retry])
    ]));
  }

  // ---------------------------------------------------------------- talking to the Rasa server

  function post(text) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var request = { controller: controller || { abort: function () {} }, aborted: false };
    pending = request;
    var timer = window.setTimeout(function () { request.controller.abort(); }, config.timeoutMs);
    var url = config.server + '/webhooks/rest/webhook';
    var promise = window.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: sessionId(), message: text }),
      signal: controller ? controller.signal : undefined,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      mode: 'cors'
    }).then(function (res) {
      if (!res.ok) {
        throw new Error('HTTP ' + res.status);
      }
      return res.json();
    }).then(function (data) {
      if (!Array.isArray(data)) {
        throw new Error('Unexpected reply');
      }
      return data;
    });
    return promise.then(function (data) {
      window.clearTimeout(timer);
      return { request: request, data: data };
    }, function (error) {
      window.clearTimeout(timer);
      throw { request: request, error: error };
    });
  }

  function sendFromInput() {
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (sendMessage(text, text, { typedText: text })) {
      input.value = '';
    }
  }

  function sendMessage(payload, display, options) {
    options = options || {};
    if (pending || exiting || !payload) {
      return false;
    }
    removeChoices();
    if (!options.retry) {
      renderUser(display);
      remember({ u: display });
    }
    if (options.fromChoice || options.retry) {
      input.focus();
    }
    setTyping(true);
    sendButton.setAttribute('aria-disabled', 'true');
    post(payload).then(function (result) {
      if (result.request.aborted) {
        return;
      }
      pending = null;
      setTyping(false);
      sendButton.removeAttribute('aria-disabled');
      if (options.typedText && input.value === options.typedText) {
        input.value = ''; // it was put back after a failed try
      }
      renderBotMessages(result.data, true);
      result.data.forEach(function (message) {
        if (message && typeof message === 'object') {
          remember({ b: keepable(message) });
        }
      });
    }, function (failure) {
      if (!failure || !failure.request || failure.request.aborted) {
        return;
      }
      pending = null;
      setTyping(false);
      sendButton.removeAttribute('aria-disabled');
      if (options.typedText && input.value.trim() === '') {
        input.value = options.typedText; // the resident's words are not lost
      }
      renderError(payload, display, options.typedText);
    });
    return true;
  }

  function restoreTranscript() {
    var transcript = loadTranscript();
    var lastUser = -1;
    transcript.forEach(function (entry, i) {
      if (entry && typeof entry.u === 'string') {
        lastUser = i;
      }
    });
    transcript.forEach(function (entry, i) {
      if (!entry || typeof entry !== 'object') {
        return;
      }
      if (typeof entry.u === 'string') {
        renderUser(entry.u);
      } else if (entry.b && typeof entry.b === 'object') {
        renderBotMessages([entry.b], i > lastUser);
      }
    });
  }

  // ---------------------------------------------------------------- start

  function loadStyles(done) {
    var existing = Array.prototype.some.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      return link.href === config.cssUrl;
    });
    if (existing) {
      done();
      return;
    }
    var link = el('link', { rel: 'stylesheet', href: config.cssUrl });
    var finished = false;
    function finish() {
      if (!finished) {
        finished = true;
        done();
      }
    }
    link.addEventListener('load', finish);
    link.addEventListener('error', finish);
    window.setTimeout(finish, 3000);
    document.head.appendChild(link);
  }

  function start() {
    build();
    document.body.appendChild(root);
    document.documentElement.classList.add('ecw-has-launcher');
    sessionId();
    restoreTranscript();
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('keyup', onKeyUp, true);
    if (config.test) {
      window.__essexChatTest = {
        render: function (messages) {
          renderBotMessages(Array.isArray(messages) ? messages : [messages], true);
        },
        formatText: function (text) {
          var holder = el('div');
          holder.appendChild(formatText(text));
          return holder;
        },
        config: config
      };
    }
    loadStyles(function () {
      root.hidden = false;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
