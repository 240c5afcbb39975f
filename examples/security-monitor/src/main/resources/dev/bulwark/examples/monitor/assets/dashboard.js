// The dashboard. Every value from the server is written with textContent, never innerHTML:
// event fields (a failed login's username, a client address) are attacker-controlled.
'use strict';
(function () {
  let accessToken = null;
  let refreshToken = null;
  let mfaToken = null;
  let username = null;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  /** RFC 9470: the token is valid, but this request needs a stronger or more recent sign-in. */
  function needsStepUp(res) {
    return res.status === 401 &&
      (res.headers.get('WWW-Authenticate') || '').includes('insufficient_user_authentication');
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken) headers['Authorization'] = 'Bearer ' + accessToken;
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store'
    });
    // a refresh keeps the sign-in's time and methods, so it cannot answer a step-up challenge
    if (res.status === 401 && !needsStepUp(res) && refreshToken &&
        !path.startsWith('/api/auth/')) {
      if (await refresh()) return api(method, path, body);
    }
    return res;
  }

  async function refresh() {
    const res = await fetch('/api/auth/refresh', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }), credentials: 'same-origin'
    });
    if (!res.ok) { signOutLocally(); return false; }
    const tokens = await res.json();
    accessToken = tokens.access_token;
    refreshToken = tokens.refresh_token;
    return true;
  }

  async function problem(res, fallback) {
    try { return (await res.json()).detail || fallback; } catch (e) { return fallback; }
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  function stopPolling() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function startPolling() {
    stopPolling();
    timer = setInterval(loadEvents, 3000);
  }

  async function loadEvents() {
    const res = await api('GET', '/api/events');
    if (needsStepUp(res)) {
      stopPolling();
      $('events').hidden = true;
      $('step-up').hidden = false;
      document.body.dataset.stepUp = 'required';
      delete document.body.dataset.eventsLoaded;
      return;
    }
    if (!res.ok) return;
    const events = await res.json();
    const rows = $('event-rows');
    const fragment = document.createDocumentFragment();
    for (const e of events) {
      const tr = document.createElement('tr');
      cell(tr, e.time);
      cell(tr, e.type);
      cell(tr, e.outcome, e.outcome);
      cell(tr, e.client);
      cell(tr, e.subject);
      cell(tr, Object.entries(e.details || {}).map(([k, v]) => k + '=' + v).join(', '));
      fragment.appendChild(tr);
    }
    $('events').hidden = false;
    rows.replaceChildren(fragment);
    document.body.dataset.eventsLoaded = String(events.length);
  }

  /** The account's sessions: this one marked, the others each with its own sign-out button. */
  async function loadSessions() {
    const res = await api('GET', '/api/account/sessions');
    if (!res.ok) {
      $('sessions-error').textContent = await problem(res, 'The sessions could not be loaded.');
      return;
    }
    const sessions = await res.json();
    const fragment = document.createDocumentFragment();
    for (const s of sessions) {
      const tr = document.createElement('tr');
      cell(tr, s.created_at);
      cell(tr, s.last_used_at);
      cell(tr, s.client);
      cell(tr, s.user_agent);
      const td = document.createElement('td');
      if (s.current) {
        td.textContent = 'this session';
        tr.className = 'current';
      } else {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Sign out';
        button.addEventListener('click', () => endSession(s.id));
        td.appendChild(button);
      }
      tr.appendChild(td);
      fragment.appendChild(tr);
    }
    $('session-rows').replaceChildren(fragment);
    $('sessions').hidden = false;
    document.body.dataset.sessionsLoaded = String(sessions.length);
  }

  async function endSession(id) {
    $('sessions-error').textContent = '';
    const res = await api('DELETE', '/api/account/sessions/' + encodeURIComponent(id));
    if (!res.ok && res.status !== 404) {
      $('sessions-error').textContent = await problem(res, 'The session could not be ended.');
    }
    await loadSessions();
  }

  async function showProfile() {
    const res = await api('GET', '/api/me');
    if (!res.ok) { signOutLocally(); return; }
    const me = await res.json();
    $('login').hidden = true;
    $('profile').hidden = false;
    $('account').hidden = false;
    $('profile-sub').textContent = me.sub;
    $('profile-roles').textContent = me.roles.join(', ');
    $('who').textContent = me.sub;
    await loadSessions();
    if (me.roles.includes('ADMIN')) {
      await loadEvents();
      if (!$('events').hidden) startPolling();
    }
    document.body.dataset.signedIn = me.sub;
  }

  function signOutLocally() {
    accessToken = null;
    refreshToken = null;
    mfaToken = null;
    stopPolling();
    for (const id of ['profile', 'events', 'account', 'sessions', 'step-up', 'code-form',
      'mfa-enrol', 'mfa-recovery']) {
      $(id).hidden = true;
    }
    $('login').hidden = false;
    $('login-form').hidden = false;
    $('who').textContent = '';
    $('session-rows').replaceChildren();
    $('sessions-error').textContent = '';
    $('recovery-codes').replaceChildren();
    $('mfa-qr').removeAttribute('src');
    delete document.body.dataset.signedIn;
    delete document.body.dataset.stepUp;
    delete document.body.dataset.mfaStep;
    delete document.body.dataset.eventsLoaded;
    delete document.body.dataset.sessionsLoaded;
  }

  /** The first step: a password. Answers the tokens, or null once the code is asked for. */
  async function passwordStep(user, password, errorId) {
    const res = await api('POST', '/api/auth/login', { username: user, password });
    if (!res.ok) {
      $(errorId).textContent = await problem(res, 'Sign-in failed.');
      return null;
    }
    const body = await res.json();
    if (body.mfa_required) {
      mfaToken = body.mfa_token;
      return 'code';
    }
    return body;
  }

  /** The second step: the code for the pending mfa token. */
  async function codeStep(code, errorId) {
    const res = await api('POST', '/api/auth/mfa', { mfa_token: mfaToken, code });
    if (!res.ok) {
      $(errorId).textContent = await problem(res, 'The code is incorrect.');
      return null;
    }
    mfaToken = null;
    return res.json();
  }

  function signedIn(tokens) {
    accessToken = tokens.access_token;
    refreshToken = tokens.refresh_token;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      username = $('username').value;
      const result = await passwordStep(username, $('password').value, 'login-error');
      $('password').value = '';
      if (result === 'code') {
        $('login-form').hidden = true;
        $('code-form').hidden = false;
        document.body.dataset.mfaStep = 'code';
        $('code').focus();
        return;
      }
      if (result) {
        signedIn(result);
        await showProfile();
      }
    });
    $('code-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      const tokens = await codeStep($('code').value, 'login-error');
      $('code').value = '';
      if (!tokens) return;
      delete document.body.dataset.mfaStep;
      $('code-form').hidden = true;
      $('login-form').hidden = false;
      signedIn(tokens);
      await showProfile();
    });
    $('step-up-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('step-up-error').textContent = '';
      const first = await passwordStep(username, $('step-up-password').value, 'step-up-error');
      $('step-up-password').value = '';
      if (first !== 'code') {
        if (first) $('step-up-error').textContent = 'Set up two-factor authentication first.';
        return;
      }
      const tokens = await codeStep($('step-up-code').value, 'step-up-error');
      $('step-up-code').value = '';
      if (!tokens) return;
      signedIn(tokens);
      $('step-up').hidden = true;
      delete document.body.dataset.stepUp;
      await loadEvents();
      if (!$('events').hidden) startPolling();
    });
    $('mfa-setup').addEventListener('click', async () => {
      $('mfa-error').textContent = '';
      const res = await api('POST', '/api/account/mfa/totp');
      if (!res.ok) {
        $('mfa-error').textContent = await problem(res, 'The set-up could not start.');
        return;
      }
      const enrolment = await res.json();
      // the QR code is a PNG in a data: URL, which the page's img-src allows
      $('mfa-qr').src = 'data:image/png;base64,' + enrolment.qr_png;
      $('mfa-recovery').hidden = true;
      $('mfa-enrol').hidden = false;
      document.body.dataset.mfaEnrolment = 'pending';
    });
    $('mfa-confirm-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('mfa-error').textContent = '';
      const res = await api('POST', '/api/account/mfa/totp/confirm',
        { code: $('mfa-confirm-code').value });
      $('mfa-confirm-code').value = '';
      if (!res.ok) {
        $('mfa-error').textContent = await problem(res, 'The code is incorrect.');
        return;
      }
      const body = await res.json();
      const list = $('recovery-codes');
      list.replaceChildren(...body.recovery_codes.map((c) => {
        const li = document.createElement('li');
        li.textContent = c;
        return li;
      }));
      $('mfa-enrol').hidden = true;
      $('mfa-qr').removeAttribute('src');
      $('mfa-recovery').hidden = false;
      document.body.dataset.mfaEnrolment = 'confirmed';
      // a new access token says the account now has a second factor: the events ask for it
      if (await refresh() && !$('events').hidden) await loadEvents();
    });
    $('sign-out-others').addEventListener('click', async () => {
      $('sessions-error').textContent = '';
      const res = await api('POST', '/api/account/sessions/revoke-others');
      if (!res.ok) {
        $('sessions-error').textContent = await problem(res, 'The other sessions were not ended.');
      }
      await loadSessions();
    });
    $('sign-out-everywhere').addEventListener('click', async () => {
      // the others first, then this one: nothing is left signed in
      const res = await api('POST', '/api/account/sessions/revoke-others');
      if (!res.ok) {
        $('sessions-error').textContent = await problem(res, 'The other sessions were not ended.');
        return;
      }
      await api('POST', '/api/auth/logout');
      signOutLocally();
    });
    $('sign-out').addEventListener('click', async () => {
      await api('POST', '/api/auth/logout');
      signOutLocally();
    });
    document.body.dataset.ready = 'true';
  });
})();
