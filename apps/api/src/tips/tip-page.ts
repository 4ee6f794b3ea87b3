/**
 * The public tip page: plain HTML and one script, no framework, so it loads fast on a phone
 * on a weak connection. Everything the server sends is put on the page as text, never as markup.
 */

/** The look both public pages share (tip page and bulletin page). */
export const PUBLIC_PAGE_STYLE = `
  body { font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f4f5f7; color: #1f2329; }
  main { max-width: 560px; margin: 0 auto; padding: 16px; }
  .card { background: #fff; border-radius: 10px; padding: 16px; margin-bottom: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 4px 0 8px; }
  .tag { display: inline-block; background: #c8161d; color: #fff; border-radius: 4px; padding: 2px 8px; font-size: 13px; }
  label { display: block; margin: 12px 0 4px; font-weight: 600; }
  input[type=text], input[type=tel], textarea { width: 100%; box-sizing: border-box; font-size: 16px; padding: 10px; border: 1px solid #d0d3d6; border-radius: 6px; }
  textarea { min-height: 120px; }
  button { width: 100%; font-size: 17px; padding: 12px; margin-top: 16px; border: 0; border-radius: 6px; background: #c8161d; color: #fff; }
  button.secondary { background: #4e5969; }
  .hint { color: #646a73; font-size: 13px; }
  .error { color: #c8161d; }
  .code { font-size: 22px; letter-spacing: 2px; font-weight: 700; text-align: center; word-break: break-all; font-family: ui-monospace, Menlo, Consolas, monospace; }
  [hidden] { display: none !important; }
  .banner { background: #1f7a3d; color: #fff; border-radius: 10px; padding: 14px 16px; margin-bottom: 12px; font-size: 18px; font-weight: 700; }
  .banner.expired { background: #86909c; }
  .photos { display: flex; gap: 8px; overflow-x: auto; margin: 8px 0; }
  .photos img { height: 180px; border-radius: 6px; object-fit: cover; }
  dl { margin: 8px 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 6px 12px; }
  dt { color: #646a73; }
  dd { margin: 0; }
  .hotline a { color: #c8161d; font-weight: 700; font-size: 18px; }
  .body { white-space: pre-wrap; line-height: 1.6; }
  .thread { list-style: none; padding: 0; margin: 8px 0; }
  .thread li { border-radius: 8px; padding: 8px 10px; margin: 6px 0; white-space: pre-wrap; }
  .thread li.tipster { background: #eef3fb; margin-left: 24px; }
  .thread li.unit { background: #f0f7f1; margin-right: 24px; }
  .thread .who { display: block; color: #646a73; font-size: 12px; }
`;

/** The tip form and the reply lookup: the same on both pages, driven by TIP_PAGE_SCRIPT. */
export const TIP_FORM_HTML = `  <form class="card" id="tip-form" hidden>
    <label for="text">您掌握的线索</label>
    <textarea id="text" name="text" maxlength="2000" required placeholder="请描述您看到的情况：时间、地点、人物、车辆等"></textarea>
    <div id="location-block" hidden>
      <label for="locationText">发生地点</label>
      <input type="text" id="locationText" maxlength="200" placeholder="例如：某县某镇某村">
      <button type="button" class="secondary" id="locate">使用我当前的位置</button>
      <p class="hint" id="located"></p>
    </div>
    <label><input type="checkbox" id="anonymous" checked> 匿名提供（不留姓名和联系方式）</label>
    <div id="identity" hidden>
      <label for="name">姓名</label>
      <input type="text" id="name" maxlength="50">
      <label for="phone">手机号码</label>
      <input type="tel" id="phone" maxlength="20">
      <label for="wechatId">微信号</label>
      <input type="text" id="wechatId" maxlength="20">
      <p class="hint">联系方式加密保存，仅承办单位可见，我们将严格为举报人保密。</p>
    </div>
    <label for="photos">照片（可选，最多3张，每张不超过2MB）</label>
    <input type="file" id="photos" accept="image/jpeg,image/png,image/webp" multiple>
    <p class="error" id="form-error" role="alert"></p>
    <button type="submit" id="submit">提交线索</button>
  </form>
  <section class="card" id="receipt" hidden>
    <h1>线索已收到，感谢您的支持！</h1>
    <p>请保存您的查询码，凭此码查看办理进度和答复，并可继续补充信息：</p>
    <p class="code" id="reply-code"></p>
  </section>
  <form class="card" id="lookup-form">
    <label for="lookup-code">凭查询码查看答复</label>
    <input type="text" id="lookup-code" maxlength="16" placeholder="16位查询码" autocomplete="off">
    <button type="submit" class="secondary">查询</button>
    <p id="lookup-result" role="status"></p>
    <ul class="thread" id="thread" aria-label="与承办单位的对话"></ul>
  </form>
  <form class="card" id="write-form" hidden>
    <label for="message">补充信息（对方看不到您的身份）</label>
    <textarea id="message" maxlength="2000" required></textarea>
    <label for="message-photos">照片（可选，最多3张，每张不超过2MB）</label>
    <input type="file" id="message-photos" accept="image/jpeg,image/png,image/webp" multiple>
    <p class="error" id="write-error" role="alert"></p>
    <button type="submit" id="send">发送</button>
  </form>
`;

export const TIP_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>提供线索</title>
<style>${PUBLIC_PAGE_STYLE}</style>
</head>
<body>
<main>
  <section class="card" id="bulletin">
    <span class="tag" id="kind"></span>
    <h1 id="title">正在加载…</h1>
    <p id="summary"></p>
    <p class="hint" id="issuer"></p>
    <p><a id="full-page" hidden>查看通告全文</a></p>
  </section>
${TIP_FORM_HTML}</main>
<script src="/t/assets/tip-page.js"></script>
</body>
</html>`;

export const TIP_PAGE_SCRIPT = `(function () {
  var code = location.pathname.split('/').pop();
  var key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(36).slice(2);
  var coordinates = null;
  var $ = function (id) { return document.getElementById(id); };
  function show(id, on) { $(id).hidden = !on; }
  function problem(body) { return (body && body.field ? body.field + '：' : '') + ((body && body.message) || '提交失败，请稍后再试'); }

  // The bulletin page (/b/) renders the bulletin itself and says whether it takes tips.
  if (document.body.getAttribute('data-rendered') === 'bulletin') {
    show('location-block', document.body.getAttribute('data-asks-location') === 'yes');
    show('tip-form', document.body.getAttribute('data-open') === 'yes');
  } else fetch('/public/links/' + encodeURIComponent(code)).then(function (response) {
    return response.json().then(function (body) { return { ok: response.ok, body: body }; });
  }).then(function (result) {
    if (!result.ok) { $('title').textContent = '该链接无效或通告已结束'; return; }
    var b = result.body;
    $('kind').textContent = b.kindLabel;
    $('title').textContent = b.title;
    $('summary').textContent = b.summary;
    $('issuer').textContent = '发布单位：' + b.issuerName;
    $('full-page').href = '/b/' + encodeURIComponent(code);
    show('full-page', true);
    show('location-block', b.asksForLocation);
    show('tip-form', true);
  });

  $('anonymous').addEventListener('change', function () { show('identity', !$('anonymous').checked); });
  $('locate').addEventListener('click', function () {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (position) {
      coordinates = { latitude: position.coords.latitude, longitude: position.coords.longitude };
      $('located').textContent = '已获取位置';
    });
  });

  function readPhotos(files) {
    return Promise.all(Array.prototype.slice.call(files, 0, 3).map(function (file) {
      return new Promise(function (resolve, reject) {
        var reader = new FileReader();
        reader.onload = function () { resolve({ contentType: file.type, dataBase64: String(reader.result).split(',')[1] }); };
        reader.onerror = reject;
        reader.readAsDataURL(file);
      });
    }));
  }

  $('tip-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('form-error').textContent = '';
    $('submit').disabled = true;
    readPhotos($('photos').files).then(function (photos) {
      var anonymous = $('anonymous').checked;
      var body = { code: code, text: $('text').value, anonymous: anonymous };
      if (!anonymous && $('name').value) body.name = $('name').value;
      var contact = {};
      if (!anonymous && $('phone').value) contact.phone = $('phone').value;
      if (!anonymous && $('wechatId').value) contact.wechatId = $('wechatId').value;
      if (contact.phone || contact.wechatId) body.contact = contact;
      if (coordinates) body.location = coordinates;
      if ($('locationText').value) body.locationText = $('locationText').value;
      if (photos.length) body.photos = photos;
      return fetch('/public/tips', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-Tip-Source': 'page' }, body: JSON.stringify(body) });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw body;
        $('reply-code').textContent = body.replyCode;
        show('tip-form', false);
        show('receipt', true);
      });
    }).catch(function (body) {
      $('form-error').textContent = problem(body);
      $('submit').disabled = false;
    });
  });

  var openCode = null;
  // The whole thread as text nodes: nothing the server sends is read as markup.
  function showThread(body) {
    $('lookup-result').textContent = '办理状态：' + body.statusLabel + (body.reply ? '' : '。尚未答复，我们会尽快处理。');
    var list = $('thread');
    list.textContent = '';
    var entries = [{ from: 'tipster', text: body.tipText, at: body.receivedAt, photos: [] }];
    if (body.reply) entries.push({ from: 'unit', text: body.reply.text || '', at: body.reply.at, photos: [] });
    entries.concat(body.messages).sort(function (a, b) { return new Date(a.at) - new Date(b.at); }).forEach(function (entry) {
      var item = document.createElement('li');
      item.className = entry.from;
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = (entry.from === 'unit' ? '承办单位' : '我') + ' · ' + new Date(entry.at).toLocaleString('zh-CN', { hour12: false });
      item.appendChild(who);
      item.appendChild(document.createTextNode(entry.text + (entry.photos.length ? '（附照片' + entry.photos.length + '张）' : '')));
      list.appendChild(item);
    });
    show('write-form', true);
  }

  $('lookup-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var replyCode = $('lookup-code').value.trim().toUpperCase();
    fetch('/public/tips/' + encodeURIComponent(replyCode)).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          $('lookup-result').textContent = response.status === 429 ? '查询过于频繁，请稍后再试' : '未找到该查询码';
          $('thread').textContent = '';
          show('write-form', false);
          return;
        }
        openCode = replyCode;
        showThread(body);
      });
    });
  });

  $('write-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('write-error').textContent = '';
    $('send').disabled = true;
    readPhotos($('message-photos').files).then(function (photos) {
      var body = { text: $('message').value };
      if (photos.length) body.photos = photos;
      return fetch('/public/tips/' + encodeURIComponent(openCode) + '/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw body;
        $('message').value = '';
        $('message-photos').value = '';
        showThread(body);
        $('send').disabled = false;
      });
    }).catch(function (body) {
      $('write-error').textContent = problem(body);
      $('send').disabled = false;
    });
  });
})();`;
