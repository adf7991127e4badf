/**
 * The web chat page served at `GET /`: a person plays a WeChat user talking to a bot. It uses only
 * the control API (`/_control/...`) and polls the conversation every second.
 */
export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>iLink simulator chat</title>
<style>
  * { box-sizing: border-box; }
  html, body { height: 100%; }
  body { font-family: system-ui, sans-serif; margin: 0; background: #ededed; display: flex; flex-direction: column; height: 100dvh; overflow: hidden; }
  header { background: #2e2e2e; color: #fff; padding: 8px 12px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  header label { font-size: 13px; display: flex; gap: 4px; align-items: center; min-width: 0; max-width: 100%; }
  header select, header input { min-width: 0; max-width: 100%; }
  #user { width: 17rem; }
  #log { flex: 1; min-height: 0; overflow-y: auto; padding: 12px; }
  .row { display: flex; margin: 6px 0; }
  .row.out { justify-content: flex-start; }
  .row.in { justify-content: flex-end; }
  .bubble { max-width: 80%; padding: 8px 10px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .in .bubble { background: #95ec69; }
  .out .bubble { background: #fff; }
  .refused .bubble { background: #f7d4d4; color: #700; }
  .bubble img { max-width: min(240px, 100%); display: block; }
  .bubble audio { max-width: 240px; display: block; }
  .voice-len { font-weight: bold; }
  .dropped .bubble { opacity: 0.5; border: 1px dashed #999; }
  .meta { font-size: 11px; color: #666; margin-top: 2px; }
  #typing { min-height: 18px; padding: 0 12px; color: #666; font-size: 13px; }
  footer { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px; background: #f7f7f7; }
  footer input[type=text] { flex: 1 1 12rem; min-width: 0; padding: 6px; }
  footer label { display: flex; gap: 4px; align-items: center; font-size: 13px; min-width: 0; max-width: 100%; }
  footer input[type=file] { min-width: 0; max-width: 12rem; font-size: 12px; }
  .quote { border-left: 3px solid rgba(0,0,0,.25); background: rgba(0,0,0,.06); padding: 3px 6px; margin-bottom: 4px; font-size: 12px; color: #444; border-radius: 3px; }
  .row.progress { justify-content: center; }
  .pill { font-size: 12px; color: #555; background: #dcdcdc; border-radius: 12px; padding: 3px 10px; max-width: 90%; overflow-wrap: anywhere; }
  .pill.failed, .pill.blocked { background: #f7d4d4; color: #700; }
  .pill.completed { background: #d8ecd0; color: #2b5a1c; }
  .quoteBtn { font-size: 11px; margin-left: 6px; padding: 0 6px; border: 1px solid #bbb; border-radius: 4px; background: #fafafa; cursor: pointer; }
  #quoteBar { display: none; align-items: center; gap: 6px; padding: 4px 12px; background: #e4e4e4; font-size: 12px; border-top: 1px solid #d0d0d0; }
  #quoteBar.on { display: flex; }
  #quoteText { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #quota { font-size: 12px; color: #ddd; }
</style>
</head>
<body>
<header>
  <strong>iLink simulator</strong>
  <label>bot <select id="bot"></select></label>
  <button id="addBot" type="button">new bot</button>
  <label>user <input id="user" value="o9cq8webchat@im.wechat"></label>
  <label title="How the server answers the bot's native voice messages">bot voice
    <select id="voiceOut"><option>accept</option><option>refuse</option><option>drop</option></select>
  </label>
  <span id="quota"></span>
  <span id="status"></span>
</header>
<div id="log"></div>
<div id="typing"></div>
<div id="quoteBar"><span id="quoteText"></span><label><input id="idOnly" type="checkbox"> id only</label><button id="unquote" type="button" aria-label="cancel quote">\u2715</button></div>
<footer>
  <input id="text" type="text" placeholder="Type a message and press Enter">
  <button id="send" type="button">Send</button>
  <label>image <input id="image" type="file" accept="image/*"></label>
  <label>file <input id="file" type="file"></label>
</footer>
<script>
(function () {
  var botSelect = document.getElementById('bot');
  var userInput = document.getElementById('user');
  var log = document.getElementById('log');
  var typingLine = document.getElementById('typing');
  var statusLine = document.getElementById('status');
  var lastRendered = '';
  var botsKey = '';
  var quoteBar = document.getElementById('quoteBar');
  var quoteText = document.getElementById('quoteText');
  var quotaLine = document.getElementById('quota');
  var pending = null;

  function setQuote(q) {
    pending = q;
    quoteBar.className = q ? 'on' : '';
    quoteText.textContent = q ? 'Quoting: ' + (q.partialText ? '\u201c' + q.partialText + '\u201d of ' : '') + q.preview : '';
  }

  function quoteOf(entry) {
    var selected = String(window.getSelection ? window.getSelection() : '').trim();
    var text = entry.text || '';
    var q = { svrId: entry.messageId, preview: text || '[' + entry.kind + ']' };
    var at = selected && selected !== text ? text.indexOf(selected) : -1;
    if (at >= 0) { q.partial = { from: at, to: at + selected.length }; q.partialText = selected; }
    return q;
  }

  function progressLabel(entry) {
    if (entry.phase === 'start') return '\u2699 working on: ' + entry.text;
    var mark = entry.status === 'completed' ? '\u2713 ' : entry.status === 'failed' ? '\u2717 ' : '\u2022 ';
    return mark + entry.text + ' ' + (entry.status || 'done');
  }

  function control(method, args) {
    return fetch('/_control/' + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: args })
    }).then(function (r) { return r.json(); }).then(function (body) {
      if (body.error) throw new Error(body.error);
      return body.result;
    });
  }

  function getJson(path) {
    return fetch(path).then(function (r) { return r.json(); }).then(function (b) { return b.result; });
  }

  function showError(error) { statusLine.textContent = String(error.message || error); }

  function loadBots(select) {
    return getJson('/_control/bots').then(function (bots) {
      var current = select || botSelect.value;
      var key = JSON.stringify(bots.map(function (b) { return [b.botId, b.sessionExpired]; }));
      if (key === botsKey && !select) return;
      botsKey = key;
      botSelect.innerHTML = '';
      bots.forEach(function (bot) {
        var option = document.createElement('option');
        option.value = bot.botId;
        option.textContent = bot.botId + (bot.sessionExpired ? ' (expired)' : '');
        botSelect.appendChild(option);
      });
      if (current) botSelect.value = current;
    });
  }

  function render(conv) {
    var key = JSON.stringify(conv.entries);
    typingLine.textContent = conv.typing === 'typing' ? 'typing\\u2026' : '';
    quotaLine.textContent = conv.quota
      ? 'replies ' + conv.quota.accepted + '/' + conv.quota.quota + (conv.quota.progress ? ' (' + conv.quota.progress + ' progress)' : '')
      : '';
    if (key === lastRendered) return;
    lastRendered = key;
    log.innerHTML = '';
    conv.entries.forEach(function (entry) {
      var row = document.createElement('div');
      if (entry.kind === 'progress') {
        row.className = 'row progress' + (entry.accepted === false ? ' refused' : '');
        var pill = document.createElement('div');
        pill.className = 'pill ' + (entry.status || entry.phase);
        pill.textContent = progressLabel(entry) + (entry.accepted === false ? ' (refused: ' + (entry.errmsg || '') + ')' : '');
        row.appendChild(pill);
        log.appendChild(row);
        return;
      }
      row.className = 'row ' + entry.dir + (entry.accepted === false ? ' refused' : '') +
        (entry.dropped ? ' dropped' : '');
      var bubble = document.createElement('div');
      bubble.className = 'bubble';
      if (entry.quote) {
        var q = document.createElement('div');
        q.className = 'quote';
        var quoted = (entry.quote.item && entry.quote.item.text) || (entry.quote.stored && entry.quote.stored.text);
        q.textContent = (entry.quote.partial ? '\u201c' + entry.quote.partial + '\u201d ' : '') +
          (quoted || entry.quote.title || (entry.quote.item ? '[' + entry.quote.item.kind + ']' : 'message ' + (entry.quote.svrId || '?')));
        bubble.appendChild(q);
      }
      if (entry.kind === 'voice' && entry.voiceUrl) {
        var len = document.createElement('span');
        len.className = 'voice-len';
        len.textContent = '\\u{1F50A} ' +
          (entry.playtimeMs ? Math.round(entry.playtimeMs / 100) / 10 + ' s' : 'voice');
        bubble.appendChild(len);
        var audio = document.createElement('audio');
        audio.controls = true;
        audio.preload = 'none';
        audio.src = entry.voiceUrl;
        bubble.appendChild(audio);
        if (entry.text) bubble.appendChild(document.createTextNode(entry.text));
      } else if (entry.kind === 'image' && entry.mediaUrl) {
        var img = document.createElement('img');
        img.src = entry.mediaUrl;
        bubble.appendChild(img);
      } else if (entry.mediaUrl) {
        var link = document.createElement('a');
        link.href = entry.mediaUrl;
        link.textContent = '[' + entry.kind + '] ' + (entry.text || 'download');
        bubble.appendChild(link);
      } else {
        // A text node, not textContent: that would wipe the quote above.
        bubble.appendChild(document.createTextNode(entry.text || '[' + entry.kind + ']'));
      }
      var meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = new Date(entry.at).toLocaleTimeString() +
        (entry.accepted === false ? ' refused: ' + (entry.errmsg || '') : '') +
        (entry.dropped ? ' dropped by the server (never shown)' : '');
      if (entry.messageId) {
        var quoteBtn = document.createElement('button');
        quoteBtn.type = 'button';
        quoteBtn.className = 'quoteBtn';
        quoteBtn.textContent = 'quote';
        quoteBtn.onmousedown = function (e) { e.preventDefault(); };
        quoteBtn.onclick = function () { setQuote(quoteOf(entry)); document.getElementById('text').focus(); };
        meta.appendChild(quoteBtn);
      }
      bubble.appendChild(meta);
      row.appendChild(bubble);
      log.appendChild(row);
    });
    log.scrollTop = log.scrollHeight;
  }

  function refresh() {
    if (!botSelect.value) return Promise.resolve();
    var query = '?botId=' + encodeURIComponent(botSelect.value) + '&userId=' + encodeURIComponent(userInput.value);
    return getJson('/_control/conversation' + query).then(render);
  }

  function sendText() {
    var input = document.getElementById('text');
    if (!input.value || !botSelect.value) return;
    var opts = {};
    if (pending) {
      var idOnly = document.getElementById('idOnly').checked;
      opts.quote = idOnly ? { svrId: pending.svrId } : { svrId: pending.svrId, full: true };
      if (pending.partial && !idOnly) opts.quote.partial = pending.partial;
    }
    control('sendText', [botSelect.value, userInput.value, input.value, opts])
      .then(function () { input.value = ''; setQuote(null); return refresh(); })
      .catch(showError);
  }

  function sendFile(input, method) {
    var file = input.files && input.files[0];
    if (!file || !botSelect.value) return;
    var reader = new FileReader();
    reader.onload = function () {
      var base64 = String(reader.result).split(',')[1] || '';
      control(method, [botSelect.value, userInput.value, { $base64: base64 }, { fileName: file.name }])
        .then(function () { input.value = ''; return refresh(); })
        .catch(showError);
    };
    reader.readAsDataURL(file);
  }

  document.getElementById('send').onclick = sendText;
  document.getElementById('text').onkeydown = function (e) { if (e.key === 'Enter') sendText(); };
  document.getElementById('image').onchange = function (e) { sendFile(e.target, 'sendImage'); };
  document.getElementById('file').onchange = function (e) { sendFile(e.target, 'sendFile'); };
  document.getElementById('addBot').onclick = function () {
    control('addBot', [{}]).then(function (bot) { return loadBots(bot.botId); }).catch(showError);
  };
  document.getElementById('voiceOut').onchange = function (e) {
    control('setVoiceOut', [e.target.value]).catch(showError);
  };
  document.getElementById('unquote').onclick = function () { setQuote(null); };
  botSelect.onchange = function () { lastRendered = ''; setQuote(null); refresh(); };
  userInput.onchange = function () { lastRendered = ''; refresh(); };

  loadBots().then(refresh).catch(showError);
  setInterval(function () {
    loadBots().then(refresh).then(function () { statusLine.textContent = ''; }).catch(showError);
  }, 1000);
})();
</script>
</body>
</html>
`;
