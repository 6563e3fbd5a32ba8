/** The HTML the simulator serves: Kaspi's login SPA, the cabinet shell, anti-bot and error pages. */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:sans-serif;max-width:420px;margin:40px auto}.is-hidden{display:none}
.notification.is-danger{background:#f14668;color:#fff;padding:8px}.help.is-danger{color:#f14668}
.tabs a{margin-right:12px;cursor:pointer}.tabs a.is-active{font-weight:bold}input{display:block;margin:6px 0;width:100%}`;

/**
 * The identity provider's login page. It is a small single-page app like Kaspi's: one form whose
 * fields change per step, driven by JSON calls to `/auth/v1/*`. Exactly one `.button.is-primary` is in
 * the DOM at any moment, so tools that click the first match behave as they do on Kaspi.
 * `?flow=<id>`, or `resumeFlowId` (the server found its flow cookie), resumes a half-done login at
 * its code step.
 */
export function loginPage(resumeFlowId?: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Kaspi Магазин - Вход</title><style>${STYLE}</style></head>
<body data-flow="${escapeHtml(resumeFlowId ?? '')}">
<section class="section"><h1 class="title">Вход в кабинет продавца</h1>
<div class="tabs"><a id="email_tab" class="is-active">Email</a><a id="phone_tab">Телефон</a></div>
<div id="notice"></div>
<form id="login_form" onsubmit="return false"></form>
</section>
<script>
(function () {
  var s = { tab: 'email', step: 'email', email: '', phone: '', flowId: null, error: null, help: null, busy: false };
  var form = document.getElementById('login_form');
  var notice = document.getElementById('notice');
  function esc(v) { return String(v).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function field(id, type, label, value, extra) {
    return '<label class="label" for="' + id + '">' + label + '</label><input class="input" id="' + id + '" type="' + type + '" value="' + esc(value || '') + '" ' + (extra || '') + '>';
  }
  function render() {
    var h = '';
    if (s.step === 'email' || s.step === 'password') {
      h += field('user_email_field', 'email', 'Email', s.email, 'name="username" autocomplete="username"' + (s.step === 'password' ? ' readonly' : ''));
      if (s.step === 'password') h += field('password_field', 'password', 'Пароль', '', 'name="password" autocomplete="current-password"');
    } else if (s.step === 'sms') {
      h += '<p>Код отправлен по SMS</p>' + field('sms_code_field', 'text', 'Код из SMS', '', 'name="sms-code" inputmode="numeric"');
    } else if (s.step === 'phone') {
      h += field('user_phone_field', 'tel', 'Номер телефона', s.phone, 'name="phone" placeholder="7XXXXXXXXXX"');
    } else if (s.step === 'phone-code') {
      h += '<p>Код отправлен на ' + esc(s.phone) + '</p>' + field('security_code_field', 'text', 'Код', '', 'name="security-code" inputmode="numeric"');
    } else if (s.step === 'redirect') {
      h += '<p>Вход выполнен, перенаправляем...</p>';
    }
    if (s.help) h += '<p class="help is-danger">' + esc(s.help) + '</p>';
    if (s.step !== 'redirect') h += '<button type="submit" class="button is-primary">' + (s.step === 'email' || s.step === 'phone' ? 'Продолжить' : 'Войти') + '</button>';
    form.innerHTML = h;
    notice.innerHTML = s.error ? '<div class="notification is-danger">' + esc(s.error) + '</div>' : '';
    document.getElementById('email_tab').className = s.tab === 'email' ? 'is-active' : '';
    document.getElementById('phone_tab').className = s.tab === 'phone' ? 'is-active' : '';
  }
  function value(id) { var el = document.getElementById(id); return el ? el.value : ''; }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .catch(function () { return { error: 'Сервис временно недоступен' }; });
  }
  function handle(res) {
    s.busy = false; s.error = null; s.help = null;
    if (res.error) { s.error = res.error; }
    else if (res.fieldError) { s.help = res.fieldError; }
    else if (res.next === 'redirect') { s.step = 'redirect'; render(); window.location.assign(res.url); return; }
    else if (res.next) { s.step = res.next; if (res.flowId) s.flowId = res.flowId; }
    render();
  }
  form.addEventListener('submit', function () {
    if (s.busy) return;
    s.busy = true;
    if (s.step === 'email') { s.email = value('user_email_field'); post('/auth/v1/email', { email: s.email }).then(handle); }
    else if (s.step === 'password') { post('/auth/v1/password', { email: s.email, password: value('password_field') }).then(handle); }
    else if (s.step === 'sms') { post('/auth/v1/sms', { flowId: s.flowId, code: value('sms_code_field') }).then(handle); }
    else if (s.step === 'phone') { s.phone = value('user_phone_field'); post('/auth/v1/phone', { phone: s.phone }).then(handle); }
    else if (s.step === 'phone-code') { post('/auth/v1/phone/verify', { flowId: s.flowId, code: value('security_code_field') }).then(handle); }
    else s.busy = false;
  });
  document.getElementById('email_tab').addEventListener('click', function () { s = { tab: 'email', step: 'email', email: '', phone: '', flowId: null, error: null, help: null, busy: false }; render(); });
  document.getElementById('phone_tab').addEventListener('click', function () { s = { tab: 'phone', step: 'phone', email: '', phone: '', flowId: null, error: null, help: null, busy: false }; render(); });
  var resume = new URLSearchParams(window.location.search).get('flow') || document.body.getAttribute('data-flow');
  if (resume) {
    fetch('/auth/v1/flow/' + encodeURIComponent(resume)).then(function (r) { return r.json(); }).then(function (res) {
      if (res.stage) { s.flowId = resume; s.step = res.stage; s.tab = res.stage === 'phone-code' ? 'phone' : 'email'; s.phone = res.phone || ''; }
      else s.error = res.error || 'Сессия входа истекла';
      render();
    });
  }
  render();
})();
</script>
</body></html>`;
}

/** The merchant cabinet's shell; tools wait for `nav.navbar` to know the login worked. */
export function cabinetPage(merchantNames: string[], email: string): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Kaspi Магазин - Кабинет</title><style>${STYLE}</style></head>
<body><nav class="navbar" role="navigation"><div class="navbar-brand"><span class="navbar-item">Kaspi Магазин</span></div>
<div class="navbar-menu"><span class="navbar-item">${escapeHtml(email)}</span></div></nav>
<main><h1>Кабинет продавца</h1><ul>${merchantNames.map((n) => `<li class="merchant">${escapeHtml(n)}</li>`).join('')}</ul></main></body></html>`;
}

/** What Kaspi's bot protection answers: status 200, text/html, no offers. */
export function antibotPage(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Проверка безопасности</title></head>
<body><div id="challenge"><h1>Подтвердите, что вы не робот</h1><div class="g-recaptcha" data-sitekey="sim"></div></div></body></html>`;
}

export function errorPage(status: number): string {
  const title = status === 401 ? 'Ошибка авторизации' : status === 404 ? 'Страница не найдена' : 'Ошибка';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${status} ${title}</title></head><body><h1>${title}</h1><p>HTTP ${status}</p></body></html>`;
}
