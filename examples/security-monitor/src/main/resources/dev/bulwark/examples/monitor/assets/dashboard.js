// The dashboard. Every value from the server is written with textContent, never innerHTML:
// event fields (a failed login's username, a client address) are attacker-controlled.
'use strict';
(function () {
  let accessToken = null;
  let refreshToken = null;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken) headers['Authorization'] = 'Bearer ' + accessToken;
    const res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store'
    });
    if (res.status === 401 && refreshToken && path !== '/api/auth/refresh' && path !== '/api/auth/login') {
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

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  async function loadEvents() {
    const res = await api('GET', '/api/events');
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
    rows.replaceChildren(fragment);
    document.body.dataset.eventsLoaded = String(events.length);
  }

  async function showProfile() {
    const res = await api('GET', '/api/me');
    if (!res.ok) { signOutLocally(); return; }
    const me = await res.json();
    $('login').hidden = true;
    $('profile').hidden = false;
    $('profile-sub').textContent = me.sub;
    $('profile-roles').textContent = me.roles.join(', ');
    $('who').textContent = me.sub;
    if (me.roles.includes('ADMIN')) {
      $('events').hidden = false;
      await loadEvents();
      timer = setInterval(loadEvents, 3000);
    }
    document.body.dataset.signedIn = me.sub;
  }

  function signOutLocally() {
    accessToken = null;
    refreshToken = null;
    if (timer) clearInterval(timer);
    $('login').hidden = false;
    $('profile').hidden = true;
    $('events').hidden = true;
    $('who').textContent = '';
    delete document.body.dataset.signedIn;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('login-error').textContent = '';
      const res = await api('POST', '/api/auth/login', {
        username: $('username').value, password: $('password').value
      });
      if (!res.ok) {
        let detail = 'Sign-in failed.';
        try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
        $('login-error').textContent = detail;
        return;
      }
      const tokens = await res.json();
      accessToken = tokens.access_token;
      refreshToken = tokens.refresh_token;
      $('password').value = '';
      await showProfile();
    });
    $('sign-out').addEventListener('click', async () => {
      await api('POST', '/api/auth/logout');
      signOutLocally();
    });
    document.body.dataset.ready = 'true';
  });
})();
