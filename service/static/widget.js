/*!
 * Official-documents RAG: the portal chat widget.
 *
 *   <script src="http://rag-host:8000/widget.js" data-token="…" data-title="政策问答" defer></script>
 *
 * One script, no external assets (works on a closed intranet). The box lives in a Shadow DOM, so the
 * portal's CSS cannot break it and it cannot break the portal.
 *
 * data-* attributes of the script tag (all optional):
 *   data-api-base    API root (default: where this script was loaded from)
 *   data-token       a short-lived token minted by the portal backend (POST /auth/token), or
 *   data-key         an API key (only for trusted pages: the key is visible to every visitor)
 *   data-token-url   a portal URL (same origin as the page, sent with cookies) answering {"token", "expires_in"};
 *                    fetched before the first request, before expiry and after a 401
 *   data-title       header title (default 政策问答)
 *   data-greeting    first message in the box
 *   data-examples    example questions separated by |
 *   data-accent      accent colour (CSS colour), also settable as --rag-accent on the host element
 *   data-position    "left" puts the launcher bottom-left
 *   data-open        "true" opens the box on load
 *   data-top-k       passages per answer (default 5)
 *   data-target      CSS selector: mount the box inline in that element instead of floating
 *   data-mode        "embed": full-page box (GET /embed); token from #token=… or ?token=
 *
 * JavaScript API: RagWidget.open(), close(), toggle(), reset(), ask(question), setToken(token, expiresInSeconds).
 * In an iframe (/embed) the parent page may also post {type: "rag-widget:token", token, expires_in}.
 */
(function () {
  "use strict";

  if (window.RagWidget && window.RagWidget.version) {
    return; // included twice: keep the first box
  }

  var VERSION = "1.0";
  var MAX_HISTORY = 20; // earlier messages sent with a question; the server caps at RAG_MAX_CHAT_MESSAGES
  var MAX_QUESTION = 2000;
  var REQUEST_TIMEOUT_MS = 120000;
  var TOKEN_REFRESH_MARGIN_MS = 30000;

  // -- configuration -------------------------------------------------------------------------
  function findScript() {
    if (document.currentScript) {
      return document.currentScript;
    }
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src)) {
        return scripts[i];
      }
    }
    return null;
  }

  var script = findScript();
  var data = (script && script.dataset) || {};
  var mode = data.mode === "embed" ? "embed" : data.target ? "inline" : "floating";

  function apiBase() {
    var raw = data.apiBase || (script && script.src) || location.href;
    var url = new URL(raw, document.baseURI);
    var path = data.apiBase ? url.pathname : url.pathname.replace(/\/widget\.js$/, "");
    return url.origin + path.replace(/\/+$/, "");
  }

  var API = apiBase();
  var config = {
    title: data.title || "政策问答",
    greeting: data.greeting || "您好！我可以根据已收录的政府公文回答问题，并标注出处。点击编号可查看原文。",
    examples: (data.examples || "").split("|").map(function (s) { return s.trim(); }).filter(Boolean),
    topK: Math.min(Math.max(parseInt(data.topK, 10) || 5, 1), 50),
  };

  var auth = { token: (data.token || data.key || "").trim(), expiresAt: 0, url: data.tokenUrl || "", pending: null };

  if (mode === "embed") {
    // The token comes in the fragment (#token=…, never sent to any server) or the query; drop it from the URL.
    var hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    var query = new URLSearchParams(location.search);
    auth.token = hash.get("token") || query.get("token") || auth.token;
    config.title = hash.get("title") || query.get("title") || config.title;
    if (hash.has("token") || query.has("token")) {
      hash.delete("token");
      query.delete("token");
      var rest = hash.toString();
      var search = query.toString();
      try {
        history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + (rest ? "#" + rest : ""));
      } catch (e) { /* sandboxed iframe: keep the URL */ }
    }
  }

  function setToken(token, expiresIn) {
    auth.token = typeof token === "string" ? token.trim() : "";
    auth.expiresAt = expiresIn > 0 ? Date.now() + expiresIn * 1000 : 0;
  }

  function refreshToken() {
    if (!auth.url) {
      return Promise.resolve(false);
    }
    if (!auth.pending) {
      auth.pending = fetch(auth.url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
        .then(function (res) {
          if (!res.ok) {
            throw new Error("token endpoint answered " + res.status);
          }
          return res.json();
        })
        .then(function (body) {
          if (!body || typeof body.token !== "string") {
            throw new Error("token endpoint answered no token");
          }
          setToken(body.token, body.expires_in);
          return true;
        })
        .catch(function (err) {
          if (window.console) { console.warn("[RagWidget]", err); }
          return false;
        })
        .then(function (ok) {
          auth.pending = null;
          return ok;
        });
    }
    return auth.pending;
  }

  // -- errors --------------------------------------------------------------------------------
  function WidgetError(message, retryable) {
    this.message = message;
    this.retryable = retryable;
  }

  function statusMessage(status, retryAfter, what) {
    if (status === 401) { return "需要登录/令牌已过期，请重新登录后再试。"; }
    if (status === 403) { return "没有访问权限，请联系管理员。"; }
    if (status === 404) { return what === "document" ? "未找到该文件，可能已被移除。" : "问答服务地址不正确（404）。"; }
    if (status === 413 || status === 422) { return "问题过长或格式不正确，请修改后再试。"; }
    if (status === 429) {
      return "请求过于频繁，请稍后再试" + (retryAfter ? "（约 " + retryAfter + " 秒后）" : "") + "。";
    }
    if (status === 503) { return "问答服务暂不可用，请稍后再试。"; }
    if (status >= 500) { return "服务暂时出现问题，请稍后再试。"; }
    return "请求未成功（错误码 " + status + "），请稍后再试。";
  }

  async function httpError(res, what) {
    var body = null;
    try { body = await res.json(); } catch (e) { /* not JSON: the status says enough */ }
    // Retry-After is readable cross-origin only if the server exposes it; the JSON message says it too.
    var retryAfter = parseInt(res.headers.get("Retry-After"), 10);
    if (!(retryAfter > 0) && body && typeof body.message === "string") {
      var m = /retry in (\d+)/.exec(body.message);
      retryAfter = m ? parseInt(m[1], 10) : NaN;
    }
    retryAfter = retryAfter > 0 ? retryAfter : null;
    var status = res.status;
    return new WidgetError(statusMessage(status, retryAfter, what), status !== 403 && status !== 413 && status !== 422);
  }

  function toWidgetError(err, timedOut) {
    if (err instanceof WidgetError) { return err; }
    if (err && err.name === "AbortError") {
      return new WidgetError(timedOut ? "请求超时，请稍后再试。" : "", true);
    }
    if (window.console) { console.warn("[RagWidget]", err); }
    if (err instanceof TypeError) {
      return new WidgetError("无法连接到问答服务，请检查网络后重试。", true);
    }
    return new WidgetError("出现意外错误，请稍后再试。", true);
  }

  // -- HTTP ----------------------------------------------------------------------------------
  async function apiFetch(path, init, signal) {
    if (auth.url && (!auth.token || (auth.expiresAt && auth.expiresAt - Date.now() < TOKEN_REFRESH_MARGIN_MS))) {
      await refreshToken();
    }
    function attempt() {
      var headers = Object.assign({}, init.headers || {});
      if (auth.token) {
        headers.Authorization = "Bearer " + auth.token;
      }
      return fetch(API + path, Object.assign({}, init, {
        headers: headers, credentials: "omit", cache: "no-store", signal: signal,
      }));
    }
    var res = await attempt();
    if (res.status === 401 && auth.url && (await refreshToken())) {
      res = await attempt();
    }
    return res;
  }

  /** Read a text/event-stream body, calling onEvent(name, parsedJson) for each event. */
  async function readEvents(res, onEvent) {
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    function dispatch(block) {
      var name = "message";
      var lines = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (!line || line.charAt(0) === ":") { return; }
        var colon = line.indexOf(":");
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") { name = value; } else if (field === "data") { lines.push(value); }
      });
      if (!lines.length) { return; }
      var payload;
      try { payload = JSON.parse(lines.join("\n")); } catch (e) { return; }
      onEvent(name, payload || {});
    }
    function drain(final) {
      var m;
      while ((m = /\r?\n\r?\n/.exec(buffer))) {
        var block = buffer.slice(0, m.index);
        buffer = buffer.slice(m.index + m[0].length);
        dispatch(block);
      }
      if (final && buffer.trim()) {
        dispatch(buffer);
        buffer = "";
      }
    }
    if (res.body && res.body.getReader) {
      var reader = res.body.getReader();
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) { break; }
        buffer += decoder.decode(chunk.value, { stream: true });
        drain(false);
      }
      buffer += decoder.decode();
    } else {
      buffer = await res.text();
    }
    drain(true);
  }

  var documents = {}; // doc id -> Promise of GET /documents/{id}

  function loadDocument(id) {
    if (!documents[id]) {
      documents[id] = apiFetch("/documents/" + encodeURIComponent(id), { method: "GET", headers: { Accept: "application/json" } })
        .then(async function (res) {
          if (!res.ok) { throw await httpError(res, "document"); }
          return res.json();
        })
        .catch(function (err) {
          delete documents[id];
          throw toWidgetError(err, false);
        });
    }
    return documents[id];
  }

  // -- DOM helpers (text only: nothing from the server ever goes through innerHTML) ------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) { return; }
        if (key === "class") { node.className = value; }
        else if (key === "text") { node.textContent = value; }
        else if (key.slice(0, 2) === "on") { node.addEventListener(key.slice(2), value); }
        else { node.setAttribute(key, value === true ? "" : String(value)); }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M5 4h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-7l-5 4v-4H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zM8 9.5h8M8 12.5h5",
    close: "M6 6l12 12M18 6L6 18",
    back: "M15 18l-6-6 6-6",
    plus: "M12 5v14M5 12h14",
  };

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // -- styles ----------------------------------------------------------------------------------
  var STYLES = [
    ":host{all:initial}",
    ".rw{--rw-accent:var(--rag-accent,#1d5bb6);--rw-ink:#1f2329;--rw-muted:#5c6370;--rw-line:#e2e6ec;--rw-soft:#f4f6f9;",
    "--rw-cite:#e3ecfb;--rw-passage:#e8f1ff;--rw-mark:#ffd84d;",
    "font-family:\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",",
    "\"WenQuanYi Micro Hei\",system-ui,-apple-system,\"Segoe UI\",sans-serif;",
    "font-size:15px;line-height:1.75;color:var(--rw-ink);text-align:left;letter-spacing:.01em;",
    "-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;text-size-adjust:100%}",
    ".rw *,.rw *::before,.rw *::after{box-sizing:border-box}",
    ".rw button{font:inherit;color:inherit;letter-spacing:inherit;cursor:pointer;margin:0}",
    ".rw [hidden]{display:none!important}",
    ".rw :focus-visible{outline:2px solid var(--rw-accent);outline-offset:2px}",
    ".rw-vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    // launcher and floating panel
    ".rw-launcher{position:fixed;right:24px;bottom:24px;z-index:2147483000;width:56px;height:56px;padding:0;border:0;",
    "border-radius:50%;background:var(--rw-accent);color:#fff;display:flex;align-items:center;justify-content:center;",
    "box-shadow:0 6px 20px rgba(16,35,70,.28);transition:transform .15s ease,filter .15s ease}",
    ".rw-launcher:hover{filter:brightness(.92);transform:translateY(-1px)}",
    ".rw-launcher svg{width:28px;height:28px}",
    ".rw-panel{position:fixed;right:24px;bottom:92px;z-index:2147483000;width:400px;max-width:calc(100vw - 32px);",
    "height:640px;max-height:calc(100vh - 116px);display:flex;flex-direction:column;background:#fff;",
    "border-radius:12px;box-shadow:0 16px 48px rgba(16,35,70,.24),0 2px 6px rgba(16,35,70,.08);overflow:hidden}",
    ".rw-left .rw-launcher{right:auto;left:24px}.rw-left .rw-panel{right:auto;left:24px}",
    "@media (min-width:900px){.rw-floating.rw-viewing .rw-panel{width:600px}}",
    ".rw-inline{height:100%}",
    ".rw-inline .rw-panel{position:relative;right:auto;bottom:auto;left:auto;z-index:auto;width:100%;max-width:none;",
    "height:100%;max-height:none;border-radius:0;box-shadow:none}",
    ".rw-embed{background:#eef1f5}",
    ".rw-embed .rw-panel{max-width:880px;margin:0 auto;border-left:1px solid var(--rw-line);border-right:1px solid var(--rw-line)}",
    // header
    ".rw-header{flex:none;display:flex;align-items:center;gap:4px;padding:10px 8px 10px 16px;background:var(--rw-accent);color:#fff}",
    ".rw-title{flex:1;min-width:0;margin:0;font-size:16px;font-weight:600;line-height:1.4;overflow:hidden;",
    "text-overflow:ellipsis;white-space:nowrap}",
    ".rw-hbtn{flex:none;height:32px;min-width:32px;padding:0 8px;border:0;border-radius:6px;background:transparent;",
    "color:#fff;font-size:14px;display:inline-flex;align-items:center;justify-content:center;gap:4px}",
    ".rw-hbtn:hover{background:rgba(255,255,255,.18)}",
    ".rw-hbtn svg{width:18px;height:18px}",
    ".rw-header :focus-visible{outline-color:#fff}",
    // chat
    ".rw-body{flex:1;min-height:0;position:relative}",
    ".rw-chat,.rw-viewer{position:absolute;top:0;right:0;bottom:0;left:0;display:flex;flex-direction:column;background:#fff}",
    ".rw-log{position:relative;flex:1;min-height:0;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:14px;",
    "background:#f8f9fb;overscroll-behavior:contain}",
    ".rw-user{align-self:flex-end;max-width:85%;padding:8px 12px;border-radius:12px 12px 2px 12px;",
    "background:var(--rw-accent);color:#fff;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".rw-bot{align-self:stretch;padding:12px 14px;border:1px solid var(--rw-line);border-radius:2px 12px 12px 12px;background:#fff}",
    ".rw-reply{white-space:pre-wrap;overflow-wrap:anywhere}",
    ".rw-hint{margin:0;color:var(--rw-muted)}",
    ".rw-examples{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}",
    ".rw-example{padding:3px 10px;border:1px solid var(--rw-line);border-radius:14px;background:var(--rw-soft);font-size:13px;line-height:1.6}",
    ".rw-example:hover{border-color:var(--rw-accent);color:var(--rw-accent)}",
    ".rw-typing::after{content:\"\";display:inline-block;width:1.5em;text-align:left;animation:rw-dots 1.2s steps(4,end) infinite}",
    "@keyframes rw-dots{0%{content:\"\"}25%{content:\".\"}50%{content:\"..\"}75%{content:\"...\"}}",
    ".rw-cite{display:inline-block;margin:0 2px;padding:0 5px;border:0;border-radius:4px;background:var(--rw-cite);",
    "color:var(--rw-accent);font-size:12px;font-weight:600;line-height:18px;vertical-align:2px;text-decoration:none}",
    ".rw-cite:hover{background:var(--rw-accent);color:#fff}",
    ".rw-sources{margin-top:12px;padding-top:10px;border-top:1px dashed var(--rw-line)}",
    ".rw-sources-h{margin:0 0 4px;font-size:13px;font-weight:600;line-height:1.6;color:var(--rw-muted)}",
    ".rw-sources ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:2px}",
    ".rw-src{display:flex;align-items:flex-start;gap:8px;width:100%;padding:6px 8px;border:0;border-radius:6px;",
    "background:transparent;text-align:left;font-size:13px;line-height:1.55}",
    ".rw-src:hover{background:var(--rw-soft)}",
    ".rw-src-n{flex:none;min-width:26px;height:20px;margin-top:1px;border-radius:4px;background:var(--rw-cite);",
    "color:var(--rw-accent);font-size:12px;font-weight:600;line-height:20px;text-align:center}",
    ".rw-src-main{flex:1;min-width:0}",
    ".rw-src-title{display:block;color:var(--rw-ink);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
    ".rw-src-meta{display:block;color:var(--rw-muted);font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}",
    ".rw-note{margin-top:10px;padding:8px 10px;border-radius:6px;background:#fff7e6;color:#7a4f00;font-size:13px;line-height:1.6}",
    ".rw-linkbtn{padding:0;border:0;background:none;color:var(--rw-accent);text-decoration:underline;font-size:inherit}",
    ".rw-error{align-self:stretch;padding:10px 14px;border:1px solid #f0c2c2;border-radius:8px;background:#fff5f5;",
    "color:#a61b1b;font-size:14px;line-height:1.6}",
    ".rw-retry{margin-left:8px;padding:1px 10px;border:1px solid currentColor;border-radius:4px;background:#fff;font-size:13px}",
    // composer
    ".rw-composer{flex:none;display:flex;align-items:flex-end;gap:8px;padding:10px 12px 6px;border-top:1px solid var(--rw-line);background:#fff}",
    ".rw-input{flex:1;min-width:0;height:42px;min-height:42px;max-height:132px;margin:0;resize:none;padding:9px 12px;",
    "border:1px solid #cdd3db;border-radius:8px;background:#fff;color:var(--rw-ink);font:inherit;font-size:15px;line-height:1.5}",
    ".rw-input::placeholder{color:#9aa1ab}",
    ".rw-input:focus{outline:none;border-color:var(--rw-accent);box-shadow:0 0 0 3px rgba(29,91,182,.15)}",
    ".rw-send{flex:none;height:42px;padding:0 18px;border:0;border-radius:8px;background:var(--rw-accent);color:#fff;font-size:15px}",
    ".rw-send:hover{filter:brightness(.92)}",
    ".rw-send[aria-disabled=true]{opacity:.55;cursor:default;filter:none}",
    ".rw-foot{flex:none;margin:0;padding:0 12px 8px;background:#fff;color:#8a919c;font-size:12px;line-height:1.6;text-align:center}",
    // document viewer
    ".rw-vbar{flex:none;display:flex;align-items:center;gap:10px;padding:8px 12px;border-bottom:1px solid var(--rw-line);background:#fff}",
    ".rw-back{display:inline-flex;align-items:center;gap:2px;height:32px;padding:0 10px 0 6px;border:1px solid var(--rw-line);",
    "border-radius:6px;background:#fff;font-size:14px}",
    ".rw-back:hover{background:var(--rw-soft)}",
    ".rw-back svg{width:16px;height:16px}",
    ".rw-vlabel{flex:1;min-width:0;font-size:13px;color:var(--rw-muted)}",
    ".rw-legend{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:2px 12px;color:var(--rw-muted);font-size:12px;line-height:1.6}",
    ".rw-doc{flex:1;min-height:0;display:flex;flex-direction:column}",
    ".rw-doc>.rw-hint,.rw-doc>.rw-error{margin:16px}",
    ".rw-doc-head{flex:none;max-height:45%;overflow-y:auto;padding:14px 20px 12px;border-bottom:1px solid var(--rw-line);background:#fcfcfd}",
    ".rw-doc-title{margin:0 0 6px;font-size:17px;font-weight:600;line-height:1.55;color:#111}",
    ".rw-meta{display:flex;flex-wrap:wrap;gap:0 16px;margin:0 0 8px;font-size:13px;line-height:1.7}",
    ".rw-meta>div{display:flex;gap:6px;min-width:0}",
    ".rw-meta dt{color:var(--rw-muted);white-space:nowrap}.rw-meta dd{margin:0;overflow-wrap:anywhere}",
    ".rw-section{margin:0;padding:6px 10px;border-left:3px solid var(--rw-accent);border-radius:0 6px 6px 0;",
    "background:var(--rw-passage);font-size:13px;line-height:1.65}",
    ".rw-section-l{color:var(--rw-muted);margin-right:6px}",
    ".rw-doc-scroll{flex:1;min-height:0;overflow-y:auto;padding:16px 20px 32px;overscroll-behavior:contain}",
    ".rw-swatch{display:inline-block;width:12px;height:12px;margin-right:4px;border-radius:2px;vertical-align:-1px}",
    ".rw-swatch-passage{background:var(--rw-passage);border:1px solid #c9dbf7}.rw-swatch-mark{background:var(--rw-mark)}",
    ".rw-doc-text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:15px;line-height:1.9;tab-size:4}",
    ".rw-passage{background:var(--rw-passage);box-shadow:0 0 0 2px var(--rw-passage);border-radius:2px;",
    "-webkit-box-decoration-break:clone;box-decoration-break:clone}",
    ".rw-mark{background:var(--rw-mark);color:#111;font-weight:600;border-radius:2px;padding:1px 2px;",
    "-webkit-box-decoration-break:clone;box-decoration-break:clone}",
    // narrow screens: the box takes the whole screen
    "@media (max-width:520px){",
    ".rw-floating .rw-panel{top:0;right:0;bottom:0;left:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}",
    ".rw-floating.rw-open .rw-launcher{display:none}",
    ".rw-log{padding:12px}.rw-doc-head{padding:12px 14px 10px}.rw-doc-scroll{padding:14px 14px 28px}.rw-send{padding:0 14px}}",
    "@media (prefers-reduced-motion:reduce){.rw *,.rw *::after{animation:none!important;transition:none!important}}",
  ].join("\n");

  function applyStyles(root) {
    // A constructed sheet needs no 'unsafe-inline' in the portal's Content-Security-Policy.
    try {
      if (root !== host && "adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        root.adoptedStyleSheets = [sheet];
        return;
      }
    } catch (e) { /* fall back to a <style> element */ }
    root.appendChild(el("style", { text: STYLES }));
  }

  // -- state and UI ----------------------------------------------------------------------------
  var host = null;
  var ui = {};
  var conversation = []; // {role, content} sent with each question
  var generation = 0; // bumped by reset(): late answers of an old conversation are dropped
  var busy = false;
  var controller = null;
  var isOpen = false;
  var viewerSeq = 0;
  var returnFocus = null;
  var readyQueue = [];
  var viewerScroll = null; // keeps the highlight in view when the text re-wraps

  function whenReady(fn) {
    if (ui.wrap) { fn(); } else { readyQueue.push(fn); }
  }

  function mount() {
    var container = document.body;
    if (mode === "inline") {
      container = document.querySelector(data.target);
      if (!container) {
        if (window.console) { console.warn("[RagWidget] data-target matches no element:", data.target); }
        return;
      }
    }
    if (mode === "embed") {
      var html = document.documentElement.style;
      html.height = "100%";
      document.body.style.height = "100%";
      document.body.style.margin = "0";
    }
    host = el("div", { "data-rag-widget": VERSION });
    if (mode !== "floating") {
      host.style.display = "block";
      host.style.height = "100%";
    }
    container.appendChild(host);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    applyStyles(root);
    if (data.accent && window.CSS && window.CSS.supports && window.CSS.supports("color", data.accent)) {
      host.style.setProperty("--rag-accent", data.accent);
    }
    build(root);
    if (mode === "floating" && data.open === "true") { open(); }
    readyQueue.splice(0).forEach(function (fn) { fn(); });
  }

  function build(root) {
    var floating = mode === "floating";
    ui.wrap = el("div", {
      class: "rw rw-" + (floating ? "floating" : "inline") + (mode === "embed" ? " rw-embed" : "")
        + (data.position === "left" ? " rw-left" : ""),
      lang: "zh-CN",
      onkeydown: onKeyDown,
    });

    if (floating) {
      ui.launcher = el("button", {
        type: "button", class: "rw-launcher", "aria-label": "打开" + config.title, title: config.title,
        "aria-expanded": "false", "aria-controls": "rw-panel", onclick: toggle,
      }, [icon("chat")]);
      ui.wrap.appendChild(ui.launcher);
    }

    ui.title = el("h2", { class: "rw-title", id: "rw-title", text: config.title });
    ui.resetBtn = el("button", { type: "button", class: "rw-hbtn", "aria-label": "开始新对话", title: "新对话", onclick: reset },
      [icon("plus"), "新对话"]);
    var headerKids = [ui.title, ui.resetBtn];
    if (floating) {
      ui.closeBtn = el("button", { type: "button", class: "rw-hbtn", "aria-label": "关闭对话框", title: "关闭", onclick: close },
        [icon("close")]);
      headerKids.push(ui.closeBtn);
    }

    ui.log = el("div", { class: "rw-log", role: "log", "aria-live": "polite", "aria-label": "对话记录" });
    ui.input = el("textarea", {
      class: "rw-input", rows: "1", maxlength: String(MAX_QUESTION), placeholder: "请输入问题，按 Enter 发送",
      "aria-label": "输入问题（Enter 发送，Shift+Enter 换行）", oninput: autoGrow, onkeydown: onInputKey,
    });
    ui.send = el("button", { type: "submit", class: "rw-send", "aria-label": "发送问题" }, ["发送"]);
    ui.form = el("form", { class: "rw-composer", onsubmit: onSubmit }, [ui.input, ui.send]);
    ui.chat = el("div", { class: "rw-chat" }, [
      ui.log, ui.form, el("p", { class: "rw-foot", text: "回答摘自已收录的公文原文，请以原文为准" }),
    ]);

    ui.back = el("button", { type: "button", class: "rw-back", "aria-label": "返回对话", onclick: closeViewer },
      [icon("back"), "返回"]);
    ui.vlabel = el("span", { class: "rw-vlabel" });
    ui.legend = el("span", { class: "rw-legend", "aria-hidden": "true" });
    ui.doc = el("div", { class: "rw-doc", role: "region", "aria-label": "原文" });
    ui.viewer = el("div", { class: "rw-viewer", hidden: true }, [
      el("div", { class: "rw-vbar" }, [ui.back, ui.vlabel, ui.legend]), ui.doc,
    ]);

    ui.panel = el("section", {
      class: "rw-panel", id: "rw-panel", role: floating ? "dialog" : "region", "aria-labelledby": "rw-title",
      hidden: floating,
    }, [el("header", { class: "rw-header" }, headerKids), el("div", { class: "rw-body" }, [ui.chat, ui.viewer])]);
    ui.wrap.appendChild(ui.panel);
    root.appendChild(ui.wrap);
    greet();
  }

  function greet() {
    var kids = [el("p", { class: "rw-hint", text: config.greeting })];
    if (config.examples.length) {
      kids.push(el("div", { class: "rw-examples" }, config.examples.map(function (q) {
        return el("button", { type: "button", class: "rw-example", text: q, onclick: function () { send(q); } });
      })));
    }
    ui.log.appendChild(el("div", { class: "rw-bot rw-greeting" }, kids));
  }

  // -- open / close / keyboard -------------------------------------------------------------------
  function open() {
    whenReady(function () {
      if (mode === "floating" && !isOpen) {
        isOpen = true;
        ui.panel.hidden = false;
        ui.wrap.classList.add("rw-open");
        ui.launcher.setAttribute("aria-expanded", "true");
        ui.launcher.setAttribute("aria-label", "关闭" + config.title);
      }
      (ui.viewer.hidden ? ui.input : ui.back).focus();
    });
  }

  function close() {
    whenReady(function () {
      if (mode !== "floating" || !isOpen) { return; }
      isOpen = false;
      ui.panel.hidden = true;
      ui.wrap.classList.remove("rw-open");
      ui.launcher.setAttribute("aria-expanded", "false");
      ui.launcher.setAttribute("aria-label", "打开" + config.title);
      ui.launcher.focus();
    });
  }

  function toggle() {
    if (isOpen) { close(); } else { open(); }
  }

  function onKeyDown(event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    if (!ui.viewer.hidden) {
      closeViewer();
    } else if (mode === "floating" && isOpen) {
      close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  function onInputKey(event) {
    // Enter sends; Shift+Enter is a new line; Enter that confirms a Chinese IME candidate does nothing.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      onSubmit(event);
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    if (busy) { return; }
    var text = ui.input.value.trim();
    if (!text) { return; }
    ui.input.value = "";
    autoGrow();
    send(text);
  }

  function autoGrow() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(Math.max(ui.input.scrollHeight + 2, 42), 132) + "px";
  }

  function setBusy(value) {
    busy = value;
    ui.send.setAttribute("aria-disabled", value ? "true" : "false");
  }

  function nearBottom() {
    return ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
  }

  function scrollDown(force) {
    if (force || nearBottom()) { ui.log.scrollTop = ui.log.scrollHeight; }
  }

  function reset() {
    whenReady(function () {
      generation++;
      if (controller) { controller.abort(); }
      conversation = [];
      ui.log.textContent = "";
      greet();
      if (!ui.viewer.hidden) { closeViewer(); }
      ui.input.focus();
    });
  }

  // -- asking ------------------------------------------------------------------------------------
  function outgoingMessages(question) {
    var messages = conversation.slice(-MAX_HISTORY);
    while (messages.length && messages[0].role !== "user") { messages.shift(); }
    return messages.concat([{ role: "user", content: question }]);
  }

  async function send(question) {
    question = String(question || "").trim().slice(0, MAX_QUESTION);
    if (!question || busy || !ui.wrap) { return; }
    var gen = generation;
    setBusy(true);
    var userEl = el("div", { class: "rw-user", text: question });
    ui.log.appendChild(userEl);
    var msg = { text: "", passages: [], answer: null, noAnswer: false, question: userEl };
    msg.reply = el("div", { class: "rw-reply" });
    msg.el = el("div", { class: "rw-bot", "aria-busy": "true" }, [msg.reply]);
    ui.log.appendChild(msg.el);
    renderReply(msg);
    scrollDown(true);

    controller = new AbortController();
    var ownController = controller;
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; ownController.abort(); }, REQUEST_TIMEOUT_MS);
    try {
      var body = JSON.stringify({ messages: outgoingMessages(question), top_k: config.topK, stream: true });
      var res = await apiFetch("/chat", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "text/event-stream" }, body: body,
      }, ownController.signal);
      if (!res.ok) { throw await httpError(res, "chat"); }
      var done = false;
      if ((res.headers.get("Content-Type") || "").indexOf("text/event-stream") >= 0) {
        await readEvents(res, function (name, payload) {
          if (gen !== generation) { return; }
          if (name === "passages") {
            msg.passages = Array.isArray(payload.passages) ? payload.passages : [];
          } else if (name === "delta" && typeof payload.text === "string") {
            msg.text += payload.text;
            renderReply(msg);
          } else if (name === "done") {
            if (typeof payload.reply === "string") { msg.text = payload.reply; }
            msg.answer = payload.answer || null;
            msg.noAnswer = !!payload.no_answer;
            done = true;
          }
        });
      } else { // a proxy that turned the stream into JSON, or a server without streaming
        var json = await res.json();
        msg.passages = json.passages || [];
        msg.text = json.reply || "";
        msg.answer = json.answer || null;
        msg.noAnswer = !!json.no_answer;
        done = true;
      }
      if (gen !== generation) { return; }
      if (!done) { throw new WidgetError("连接中断，回答不完整，请重试。", true); }
      finishReply(msg);
      conversation.push({ role: "user", content: question }, { role: "assistant", content: msg.text });
    } catch (err) {
      if (gen !== generation) { return; }
      msg.el.remove();
      showError(toWidgetError(err, timedOut), question, userEl);
    } finally {
      clearTimeout(timer);
      if (controller === ownController) { controller = null; }
      setBusy(false);
    }
  }

  function showError(error, question, userEl) {
    if (!error.message) { userEl.remove(); return; }
    var box = el("div", { class: "rw-error", role: "alert" }, [error.message]);
    if (error.retryable) {
      box.appendChild(el("button", {
        type: "button", class: "rw-retry", text: "重试", onclick: function () {
          if (busy) { return; }
          box.remove();
          userEl.remove();
          send(question);
        },
      }));
    }
    ui.log.appendChild(box);
    scrollDown(true);
  }

  function citeButton(msg, n) {
    var p = msg.passages[n - 1];
    var title = (p && p.doc && (p.doc.title || p.doc.file)) || "";
    return el("button", {
      type: "button", class: "rw-cite", "data-n": String(n), "aria-label": "查看来源 " + n + (title ? "：" + title : ""),
      title: title ? "查看原文：" + title : "查看原文", text: "[" + n + "]",
      onclick: function (event) { openPassage(msg, n, event.currentTarget); },
    });
  }

  /** The reply as text nodes, with each [n] that names a passage turned into a button. */
  function renderReply(msg) {
    var keep = nearBottom();
    var target = msg.reply;
    target.textContent = "";
    if (!msg.text) {
      target.appendChild(el("p", { class: "rw-hint rw-typing", text: "正在检索相关文件" }));
      return;
    }
    var pattern = /\[(\d{1,3})\]/g;
    var last = 0;
    var m;
    while ((m = pattern.exec(msg.text))) {
      var n = parseInt(m[1], 10);
      if (n < 1 || n > msg.passages.length) { continue; }
      if (m.index > last) { target.appendChild(document.createTextNode(msg.text.slice(last, m.index))); }
      target.appendChild(citeButton(msg, n));
      last = pattern.lastIndex;
    }
    if (last < msg.text.length) { target.appendChild(document.createTextNode(msg.text.slice(last))); }
    if (keep) { scrollDown(true); }
  }

  function docLabel(doc) {
    return (doc && (doc.title || doc.file)) || "（无标题）";
  }

  function finishReply(msg) {
    var keep = nearBottom();
    renderReply(msg);
    if (msg.passages.length) {
      var items = msg.passages.map(function (p, i) {
        var section = p.section && p.section.length ? p.section[p.section.length - 1] : "";
        var meta = [p.doc && p.doc.doc_number, section].filter(Boolean).join(" · ");
        return el("li", null, [el("button", {
          type: "button", class: "rw-src", "data-n": String(i + 1),
          onclick: function (event) { openPassage(msg, i + 1, event.currentTarget); },
        }, [
          el("span", { class: "rw-src-n", "aria-hidden": "true", text: String(i + 1) }),
          el("span", { class: "rw-src-main" }, [
            el("span", { class: "rw-vh", text: "来源 " + (i + 1) + "：" }),
            el("span", { class: "rw-src-title", text: docLabel(p.doc) }),
            meta ? el("span", { class: "rw-src-meta", text: meta }) : null,
          ]),
        ])]);
      });
      msg.el.appendChild(el("div", { class: "rw-sources" }, [
        el("p", { class: "rw-sources-h", text: "参考来源" }), el("ol", null, items),
      ]));
    }
    var conflicts = (msg.answer && msg.answer.conflicts) || [];
    if (conflicts.length) {
      var note = el("div", { class: "rw-note" }, ["注意：其他文件中的数字不同——"]);
      conflicts.forEach(function (c, i) {
        if (i) { note.appendChild(document.createTextNode("；")); }
        note.appendChild(el("button", {
          type: "button", class: "rw-linkbtn", text: "“" + c.text + "”",
          "aria-label": "查看记载为 " + c.text + " 的文件",
          onclick: function (event) { openConflict(c, event.currentTarget); },
        }));
      });
      msg.el.appendChild(note);
    }
    msg.el.setAttribute("aria-busy", "false");
    if (keep) {
      // Follow the reply down, but never past the question: a long answer is read from its start.
      var top = (msg.question || msg.el).getBoundingClientRect().top - ui.log.getBoundingClientRect().top;
      ui.log.scrollTop = Math.max(0, ui.log.scrollTop + top - 12); // the browser stops it at the bottom
    }
  }

  // -- document viewer -----------------------------------------------------------------------
  function openPassage(msg, n, opener) {
    var p = msg.passages[n - 1];
    if (!p || !p.doc) { return; }
    var a = msg.answer;
    var mark = null;
    // The answer's span, or (a two-part answer from two passages) the part that stands in this passage.
    var spans = a && a.doc_id === p.doc.id ? [a].concat(a.parts || []) : [];
    spans.forEach(function (s) {
      if (!mark && s.char_end > s.char_start && s.char_start >= p.char_start && s.char_end <= p.char_end) {
        mark = [s.char_start, s.char_end];
      }
    });
    openViewer({
      docId: p.doc.id, doc: p.doc, section: p.section || [], range: [p.char_start, p.char_end], mark: mark,
      label: "来源 [" + n + "]",
    }, opener);
  }

  function openConflict(c, opener) {
    var cite = c.citation || {};
    openViewer({
      docId: c.doc_id, doc: null, section: cite.section || [],
      range: [cite.char_start != null ? cite.char_start : c.char_start, cite.char_end != null ? cite.char_end : c.char_end],
      mark: [c.char_start, c.char_end], label: "不同数字的出处",
    }, opener);
  }

  function openViewer(ref, opener) {
    var seq = ++viewerSeq;
    viewerScroll = null;
    returnFocus = opener || null;
    ui.viewer.hidden = false;
    ui.chat.setAttribute("aria-hidden", "true");
    ui.chat.inert = true;
    ui.wrap.classList.add("rw-viewing");
    ui.vlabel.textContent = ref.label;
    ui.legend.textContent = "";
    ui.doc.textContent = "";
    ui.doc.appendChild(el("p", { class: "rw-hint rw-typing", text: "正在加载原文" }));
    ui.back.focus();
    loadDocument(ref.docId).then(function (doc) {
      if (seq === viewerSeq) { renderDocument(doc, ref); }
    }, function (err) {
      if (seq !== viewerSeq) { return; }
      ui.doc.textContent = "";
      ui.doc.appendChild(el("div", { class: "rw-error", role: "alert", text: err.message || "无法加载原文。" }));
    });
  }

  function closeViewer() {
    viewerSeq++;
    viewerScroll = null;
    ui.viewer.hidden = true;
    ui.chat.removeAttribute("aria-hidden");
    ui.chat.inert = false;
    ui.wrap.classList.remove("rw-viewing");
    ui.doc.textContent = "";
    var target = returnFocus && returnFocus.isConnected ? returnFocus : ui.input;
    returnFocus = null;
    target.focus();
  }

  function renderDocument(doc, ref) {
    var text = typeof doc.text === "string" ? doc.text : "";
    var clamp = function (v) { return Math.min(Math.max(parseInt(v, 10) || 0, 0), text.length); };
    var start = clamp(ref.range[0]);
    var end = Math.max(clamp(ref.range[1]), start);
    var markStart = null;
    var markEnd = null;
    if (ref.mark) {
      markStart = clamp(ref.mark[0]);
      markEnd = clamp(ref.mark[1]);
      if (markEnd > markStart) {
        start = Math.min(start, markStart);
        end = Math.max(end, markEnd);
      } else {
        markStart = markEnd = null;
      }
    }

    // Title, 文号 and section stay in view above the text, which scrolls to the highlighted passage.
    var head = el("div", { class: "rw-doc-head" });
    head.appendChild(el("h3", { class: "rw-doc-title", text: docLabel(doc.title ? doc : ref.doc || doc) }));
    var fields = [["文号", doc.doc_number], ["成文日期", doc.date], ["发文机关", doc.issuer], ["主送", doc.addressee]];
    var meta = el("dl", { class: "rw-meta" });
    fields.forEach(function (f) {
      if (f[1]) {
        meta.appendChild(el("div", null, [
          el("dt", { text: f[0] }), el("dd", { class: f[0] === "文号" ? "rw-docno" : null, text: f[1] }),
        ]));
      }
    });
    if (meta.childNodes.length) { head.appendChild(meta); }
    if (ref.section && ref.section.length) {
      head.appendChild(el("div", { class: "rw-section" }, [
        el("span", { class: "rw-section-l", text: "所在章节" }),
        el("span", { class: "rw-section-path", text: ref.section.join(" › ") }),
      ]));
    }
    ui.legend.textContent = "";
    ui.legend.appendChild(el("span", null, [el("span", { class: "rw-swatch rw-swatch-passage" }), "引用段落"]));
    if (markStart !== null) {
      ui.legend.appendChild(el("span", null, [el("span", { class: "rw-swatch rw-swatch-mark" }), "答案"]));
    }

    var scroller = el("div", { class: "rw-doc-scroll", tabindex: "0", "aria-label": "文件正文" });
    var body = el("div", { class: "rw-doc-text" });
    body.appendChild(document.createTextNode(text.slice(0, start)));
    var passage = el("span", { class: "rw-passage" });
    var mark = null;
    if (markStart !== null) {
      passage.appendChild(document.createTextNode(text.slice(start, markStart)));
      mark = el("mark", { class: "rw-mark", text: text.slice(markStart, markEnd) });
      passage.appendChild(mark);
      passage.appendChild(document.createTextNode(text.slice(markEnd, end)));
    } else {
      passage.appendChild(document.createTextNode(text.slice(start, end)));
    }
    body.appendChild(passage);
    body.appendChild(document.createTextNode(text.slice(end)));
    scroller.appendChild(body);

    ui.doc.textContent = "";
    ui.doc.appendChild(head);
    ui.doc.appendChild(scroller);
    // Scroll only the text: scrollIntoView() would also scroll the portal page.
    var scrollTo = function () {
      var target = (mark || passage).getBoundingClientRect();
      var box = scroller.getBoundingClientRect();
      scroller.scrollTop = Math.max(0, scroller.scrollTop + target.top - box.top - scroller.clientHeight / 3);
    };
    viewerScroll = scrollTo;
    scrollTo();
    if (window.requestAnimationFrame) { requestAnimationFrame(scrollTo); }
  }

  // -- public API --------------------------------------------------------------------------
  if (mode === "embed" && window.parent !== window) {
    window.addEventListener("message", function (event) {
      var msg = event.data;
      if (event.source === window.parent && msg && msg.type === "rag-widget:token" && typeof msg.token === "string") {
        setToken(msg.token, msg.expires_in);
      }
    });
  }

  window.RagWidget = {
    version: VERSION,
    apiBase: API,
    open: open,
    close: close,
    toggle: toggle,
    reset: reset,
    setToken: setToken,
    ask: function (question) {
      open();
      whenReady(function () { send(question); });
    },
  };

  window.addEventListener("resize", function () {
    if (viewerScroll) { viewerScroll(); }
  });

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
