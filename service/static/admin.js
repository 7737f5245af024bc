/* The document admin page: list, upload (with progress and per-file refusals), replace, delete and
 * inspect documents. Every call carries the admin key the clerk typed (kept in sessionStorage for this
 * tab only). Nothing from the server goes through innerHTML; nothing is loaded from elsewhere. */
(function () {
  "use strict";
  var PAGE = 50;
  var state = { key: sessionStorage.getItem("rag-admin-key") || "", offset: 0, total: 0, open: null };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function status(text, error) {
    $("status").textContent = text || "";
    $("status").className = error ? "status error" : "status";
  }

  async function api(method, path, body) {
    var res = await fetch(path, { method: method, body: body,
      headers: state.key ? { Authorization: "Bearer " + state.key } : {} });
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      var message = data && (data.message || (data.error && data.error.message)) || ("HTTP " + res.status);
      var err = new Error(res.status === 401 || res.status === 403 ? "密钥无效或不是管理员密钥：" + message : message);
      err.body = data;
      throw err;
    }
    return { data: data, total: res.headers.get("X-Total-Count") };
  }

  async function load() {
    try {
      var r = await api("GET", "documents?offset=" + state.offset + "&limit=" + PAGE);
      state.total = parseInt(r.total || "0", 10);
      render(r.data);
      status("");
    } catch (err) {
      render([]);
      status(err.message, true);
    }
  }

  function render(docs) {
    var body = $("docs").tBodies[0];
    body.textContent = "";
    docs.forEach(function (d) {
      var row = el("tr");
      row.dataset.id = d.id;
      if (state.open === d.id) { row.className = "open"; }
      [d.doc_number || "—", d.title || "(无标题)", d.date || "", d.chunk_count, d.file].forEach(function (v) {
        row.appendChild(el("td", v));
      });
      var actions = el("td", null, "actions");
      [["查看", function () { openDoc(d); }, ""], ["替换", function () { replaceDoc(d); }, ""],
       ["删除", function () { deleteDoc(d); }, "danger"]].forEach(function (a) {
        var b = el("button", a[0], a[2]);
        b.type = "button";
        b.addEventListener("click", a[1]);
        actions.appendChild(b);
      });
      row.appendChild(actions);
      body.appendChild(row);
    });
    $("count").textContent = "（共 " + state.total + " 份）";
    var pages = Math.max(1, Math.ceil(state.total / PAGE));
    $("page").textContent = "第 " + (Math.floor(state.offset / PAGE) + 1) + " / " + pages + " 页";
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + PAGE >= state.total;
  }

  function showResults(data) {
    var list = $("results");
    list.textContent = "";
    ((data && data.documents) || []).forEach(function (d) {
      var word = { added: "已添加", updated: "已更新", unchanged: "未变化" }[d.status] || d.status;
      list.appendChild(el("li", word + "：" + d.file + (d.doc_number ? "（" + d.doc_number + "）" : "") +
        " · " + d.chunk_count + " 段"));
    });
    ((data && data.refused) || []).forEach(function (r) {
      list.appendChild(el("li", "未接收：" + r.file + " —— " + r.reason, "refused"));
    });
  }

  function send(method, path, form) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, path);
      if (state.key) { xhr.setRequestHeader("Authorization", "Bearer " + state.key); }
      var bar = $("progress");
      bar.hidden = false;
      bar.value = 0;
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = 100 * e.loaded / e.total; } };
      xhr.onload = function () {
        bar.hidden = true;
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
        var err = new Error((data && data.message) || ("HTTP " + xhr.status));
        err.body = data;
        reject(err);
      };
      xhr.onerror = function () { bar.hidden = true; reject(new Error("网络错误，未能上传")); };
      xhr.send(form);
    });
  }

  async function upload(event) {
    event.preventDefault();
    var files = $("files").files;
    if (!files.length) { status("请选择文件", true); return; }
    var form = new FormData();
    Array.prototype.forEach.call(files, function (f) { form.append("files", f, f.name); });
    status("正在上传并建立索引…");
    try {
      showResults(await send("POST", "documents", form));
      status("上传完成");
      await load();
    } catch (err) {
      showResults(err.body);
      status("上传未完成，索引没有改变：" + err.message, true);
    }
    $("files").value = "";  // the results list says what happened to each file
  }

  function replaceDoc(doc) {
    var picker = $("replace-file");
    picker.onchange = async function () {
      if (!picker.files.length) { return; }
      var form = new FormData();
      form.append("file", picker.files[0], picker.files[0].name);
      status("正在替换 " + doc.file + "…");
      try {
        showResults(await send("PUT", "documents/" + encodeURIComponent(doc.id), form));
        status("已替换 " + doc.file);
        await load();
      } catch (err) {
        showResults(err.body);
        status("替换未完成：" + err.message, true);
      }
      picker.value = "";
    };
    picker.click();
  }

  async function deleteDoc(doc) {
    if (!window.confirm("确定删除《" + (doc.title || doc.file) + "》及其全部段落？此操作不可撤销。")) { return; }
    try {
      await api("DELETE", "documents/" + encodeURIComponent(doc.id));
      status("已删除 " + doc.file);
      if (state.open === doc.id) { $("detail").hidden = true; state.open = null; }
      await load();
    } catch (err) {
      status("删除失败：" + err.message, true);
    }
  }

  async function openDoc(doc) {
    try {
      var detail = (await api("GET", "documents/" + encodeURIComponent(doc.id))).data;
      var passages = (await api("GET", "documents/" + encodeURIComponent(doc.id) + "/passages")).data;
      state.open = doc.id;
      $("detail-h").textContent = detail.title || detail.file;
      var header = $("header");
      header.textContent = "";
      [["文号", detail.doc_number], ["标题", detail.title], ["主送", detail.addressee], ["发文机关", detail.issuer],
       ["日期", detail.date], ["事由", detail.subject], ["文件", detail.file], ["编号", detail.id],
       ["段落数", detail.chunk_count]].forEach(function (f) {
        header.appendChild(el("dt", f[0]));
        header.appendChild(el("dd", f[1] === null || f[1] === undefined || f[1] === "" ? "—" : f[1]));
      });
      var tree = $("tree");
      tree.textContent = "";
      var seen = {};
      passages.forEach(function (p) {
        p.section.forEach(function (title, depth) {
          var key = p.section.slice(0, depth + 1).join("\u0000");
          if (seen[key]) { return; }
          seen[key] = true;
          var item = el("li", title);
          item.style.marginLeft = (depth * 16) + "px";
          tree.appendChild(item);
        });
      });
      if (!tree.childNodes.length) { tree.appendChild(el("li", "(无章节)")); }
      var list = $("passages");
      list.textContent = "";
      passages.forEach(function (p) {
        var item = el("li");
        item.appendChild(el("div", p.section.join(" › ") || "(正文)", "section"));
        var text = el("span", p.text);
        item.appendChild(text);
        item.appendChild(el("span", p.char_start + "–" + p.char_end, "offsets"));
        list.appendChild(item);
      });
      $("detail").hidden = false;
      await load();
      $("detail").scrollIntoView({ block: "start" });
    } catch (err) {
      status("无法打开文件：" + err.message, true);
    }
  }

  async function login(event) {
    event.preventDefault();
    state.key = $("key").value.trim();
    $("key").value = "";
    try {
      var me = (await api("GET", "auth/me")).data;
      if (me.access !== "admin") { throw new Error("不是管理员密钥（此密钥只能" + (me.access === "read" ? "查询" : "提问") + "）"); }
    } catch (err) {
      state.key = "";
      sessionStorage.removeItem("rag-admin-key");
      render([]);
      status(err.message, true);
      return;
    }
    sessionStorage.setItem("rag-admin-key", state.key);
    $("logout").hidden = false;
    state.offset = 0;
    load();
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("login").addEventListener("submit", login);
    $("logout").addEventListener("click", function () {
      sessionStorage.removeItem("rag-admin-key");
      state.key = "";
      $("logout").hidden = true;
      render([]);
      status("已退出");
    });
    $("logout").hidden = !state.key;
    $("upload").addEventListener("submit", upload);
    $("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); load(); });
    $("next").addEventListener("click", function () { state.offset += PAGE; load(); });
    load();
  });
})();
