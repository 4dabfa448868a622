'use strict';
// The Baton dashboard: plain JavaScript, no build step, nothing from another origin.
// It uses the Client Failover JSON API, Baton's HCX HA group endpoints (docs/ha-groups.md) and
// their Server-Sent Event streams (docs/push.md) with
// the viewer's own credentials: a token kept in sessionStorage (this tab only) and sent in the
// Authorization header. No cookie is ever used, and every fetch omits the browser's own
// credentials, so another site cannot make the browser act for the viewer
// (docs/security.md, "The dashboard and cross-site requests").
(function () {
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const state = {
    token: store.getItem('baton.token'),
    claims: null,        // the token's payload: sub, kind, tenant, role, exp
    namespace: store.getItem('baton.namespace') || 'default',
    authRequired: null,  // learnt from the first answer
    view: null,          // {name, stop()}
    skew: 0,             // server clock minus ours, ms (from the Date header)
  };
  const HISTORY_PAGE = 20;
  const HOUR = 3600 * 1000;

  // ---------------------------------------------------------------- small helpers
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function now() { return Date.now() + state.skew; }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString([], { hour12: false }) : '—'; }
  function seconds(span) { // "hh:mm:ss(.fff)" or "d.hh:mm:ss" → ms
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span || '');
    if (!m) return null;
    return (((+(m[1] || 0) * 24 + +m[2]) * 60 + +m[3]) * 60 + +m[4]) * 1000;
  }
  let toastTimer = null;
  function toast(message, isError) {
    const t = $('toast');
    t.textContent = message;
    t.className = 'toast show' + (isError ? ' error' : '');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.className = 'toast'; }, 8000);
  }
  function debounce(fn, ms) {
    let timer = null;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  // ---------------------------------------------------------------- credentials and API
  function decodeClaims(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
    } catch (e) { return null; }
  }
  state.claims = state.token ? decodeClaims(state.token) : null;

  function base() {
    const tenant = state.claims && state.claims.tenant ? state.claims.tenant : 'default';
    if (tenant === 'default' && state.namespace === 'default') return '/api/v1/clientfailover';
    return `/api/v1/tenants/${encodeURIComponent(tenant)}/namespaces/${encodeURIComponent(state.namespace)}/clientfailover`;
  }
  // Operators and admins may steer; with authentication off everybody may. An access
  // control list may still refuse: the answer (403) is shown.
  function maySteer() {
    if (state.authRequired === false) return true;
    return !!state.claims && (state.claims.role === 'operator' || state.claims.role === 'admin');
  }
  function headers(extra) {
    const all = Object.assign({ Accept: 'application/json' }, extra || {});
    if (state.token) all.Authorization = 'Bearer ' + state.token;
    return all;
  }

  class APIFailure extends Error {
    constructor(status, body) {
      const hcx = body && Array.isArray(body.errors) && body.errors[0] ? body.errors[0].message : null;
      const reason = body && (body.Reason || hcx || body.Error || body.error_description);
      super(reason ? `${reason}` : `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  async function api(method, path, body) {
    const init = { method, headers: headers(), credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const date = response.headers.get('Date');
    if (date) {
      // The header has whole seconds: only a clock that is clearly off is corrected.
      const raw = Date.parse(date) + 500 - Date.now();
      state.skew = Math.abs(raw) > 1500 ? raw : 0;
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (response.status === 401) {
      state.authRequired = true;
      signOut('Please sign in' + (state.token ? ': your session ended.' : '.'));
      throw new APIFailure(401, json);
    }
    if (!response.ok) throw new APIFailure(response.status, json);
    return { json, headers: response.headers, status: response.status };
  }

  // A Server-Sent Events stream read with fetch (EventSource cannot send Authorization).
  // Reconnects after `retry` ms; `resume` gives the Last-Event-ID to send (null: none).
  class EventStream {
    constructor(path, onEvent, onState, resume) {
      this.path = path; this.onEvent = onEvent; this.onState = onState;
      this.resume = resume || (() => null);
      this.stopped = false; this.retry = 1000; this.controller = null;
      this.open();
    }
    stop() { this.stopped = true; if (this.controller) this.controller.abort(); }
    async open() {
      while (!this.stopped) {
        this.controller = new AbortController();
        const extra = { Accept: 'text/event-stream' };
        const last = this.resume();
        if (last !== null && last !== undefined) extra['Last-Event-ID'] = String(last);
        try {
          const response = await fetch(this.path, { headers: headers(extra), credentials: 'omit', cache: 'no-store',
            signal: this.controller.signal });
          if (response.status === 401) { state.authRequired = true; signOut('Please sign in: your session ended.'); return; }
          if (response.status >= 400 && response.status < 500 && response.status !== 429) {
            // Refused (no such group or namespace, no right to read it): trying again will not help.
            this.onState('refused');
            let reason = '';
            try {
              const body = await response.json();
              reason = body.Reason || (body.errors && body.errors[0] && body.errors[0].message) || '';
            } catch (e) { /* no body */ }
            toast(`The live stream was refused (${response.status})${reason ? ': ' + reason : ''}`, true);
            return;
          }
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          this.onState('live');
          await this.read(response.body.getReader());
        } catch (e) {
          if (this.stopped) return;
        }
        if (this.stopped) return;
        this.onState('reconnecting');
        await new Promise((r) => setTimeout(r, this.retry));
      }
    }
    async read(reader) {
      const decoder = new TextDecoder();
      let buffer = '';
      let event = { type: 'message', data: [], id: null };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let at;
        while ((at = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + (buffer.startsWith('\r\n', at) ? 2 : 1));
          if (line === '') {
            if (event.data.length) {
              let data = event.data.join('\n');
              try { data = JSON.parse(data); } catch (e) { /* leave as text */ }
              if (event.type === 'close') { this.onState('reconnecting'); return; }
              this.onEvent(event.type, data, event.id);
            }
            event = { type: 'message', data: [], id: null };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let val = colon < 0 ? '' : line.slice(colon + 1);
          if (val.startsWith(' ')) val = val.slice(1);
          if (field === 'event') event.type = val;
          else if (field === 'data') event.data.push(val);
          else if (field === 'id') event.id = val;
          else if (field === 'retry' && /^\d+$/.test(val)) this.retry = +val;
        }
      }
    }
  }

  function liveBadge(id) {
    return (s) => {
      const b = $(id);
      b.textContent = s === 'live' ? 'live' : s === 'refused' ? 'not available' : 'reconnecting…';
      b.className = 'badge ' + (s === 'live' ? 'ok' : s === 'refused' ? 'bad' : 'warn');
      b.dataset.state = s;
    };
  }

  // ---------------------------------------------------------------- group facts
  // Lease left of a session, ms (0 when run out), from its last heartbeat and the timeout.
  function leaseLeft(session, timeoutMs) {
    const hb = session.Heartbeat;
    if (!hb || !hb.ReceivedTime || !timeoutMs) return 0;
    return Math.max(0, Date.parse(hb.ReceivedTime) + timeoutMs - now());
  }
  function isLive(session, timeoutMs) { return session.IsLive && leaseLeft(session, timeoutMs) > 0; }
  const haStates = { HEALTHY: ['Healthy', 'ok'], DEGRADED: ['Degraded', 'warn'], FAILED: ['Failed', 'bad'],
    FAILOVER_IN_PROGRESS: ['Failover in progress', 'warn'] };
  function health(status, sessions, timeoutMs) {
    if (status.State) { // an HA group: the server's own assessment (docs/ha-groups.md, "Status")
      const [text, level] = haStates[status.State] || [status.State, 'warn'];
      return { text, level };
    }
    const live = sessions.filter((s) => isLive(s, timeoutMs));
    if (!status.Primary) return { text: 'No Primary', level: 'bad' };
    if (!live.some((s) => s.Id !== status.Primary)) return { text: 'No live standby', level: 'warn' };
    return { text: 'Healthy', level: 'ok' };
  }
  const taskPattern = /task ([0-9a-fA-F-]{36})/;
  // Tasks named in events, with whether the events say each is still open.
  function tasksOf(events) {
    const tasks = new Map();
    for (const e of events.slice().sort((a, b) => a.Sequence - b.Sequence)) {
      if (!e.Type.startsWith('Failover')) continue;
      const m = taskPattern.exec(e.Detail || '');
      if (!m) continue;
      const open = e.Type === 'FailoverQueued' || e.Type === 'FailoverStarted';
      tasks.set(m[1], { id: m[1], open, to: e.To, type: e.Type, time: e.Time });
    }
    return tasks;
  }
  // The re-read of a group's sessions when the lease shown for a live member runs out or,
  // with `atHalf` (the group page's lease bars), falls to half of the timeout (members
  // heartbeat at least that often): heartbeats are not events, so this is how the page
  // learns that a lease was renewed.
  function leaseWatch(sessions, timeoutMs, refresh, atHalf) {
    const left = sessions.filter((s) => s.IsLive).map((s) => leaseLeft(s, timeoutMs)).filter((ms) => ms > 0);
    if (!left.length || !timeoutMs) return null;
    const soonest = Math.min(...left);
    const half = soonest - timeoutMs / 2;
    return setTimeout(refresh, (atHalf && half > 250 ? half : soonest) + 250);
  }

  // ---------------------------------------------------------------- HA groups (HCX)
  // An HA group is read through Baton's HCX endpoints and shown by the same pages: its answers
  // are read into the shapes the pages draw (configuration, status, members, events, tasks).
  const HCX = '/hybridity/api/interconnect';
  const overrideNumber = { OFF: 0, ACTIVE: 1, STANDBY: 2 };
  const overrideWord = { Off: 'OFF', Primary: 'ACTIVE', Secondary: 'STANDBY' };
  const haPath = (id) => `${HCX}/appliances/ha/groups/${encodeURIComponent(id)}`;
  function haParts(group) {
    const active = group.groupMembers.find((m) => m.role === 'ACTIVE');
    const pending = group.groupMembers.find((m) => m.role === 'UNDECIDED');
    const p = group.pause;
    return {
      config: { Id: group.groupId, Name: group.name, FailoverTimeout: group.failoverTimeout },
      status: { Primary: active ? active.applianceId : null, PendingPrimary: pending ? pending.applianceId : null,
        Epoch: group.epoch, Paused: !!p, Pause: p ? { Since: p.since, By: p.by, Reason: p.reason } : null,
        State: group.status.groupState },
      sessions: group.groupMembers.map((m) => ({ Id: m.applianceId, Name: m.applianceName, IsLive: m.live,
        Heartbeat: m.lastHeartbeatTime ? { ReceivedTime: m.lastHeartbeatTime, FailoverScore: m.score } : null,
        RoleOverride: overrideNumber[m.roleOverride] || 0, RoleOverrideExpirationTime: m.roleOverrideExpirationTime })),
    };
  }
  // A timeline event: who it moved, from its applianceRoles (docs/ha-groups.md, "Timeline").
  function haEvent(e) {
    const r = e.applianceRoles || {};
    const first = (list) => (list && list.length ? list[0] : null);
    let from = null, to = null;
    if (e.eventCode === 'PrimaryChanged' || e.eventCode === 'FailoverSucceeded') { to = first(r.active); from = first(r.standby); }
    else if (e.eventCode === 'HandoverStarted' || e.eventCode === 'FailoverStarted') { from = first(r.active); to = first(r.undecided); }
    else if (['HandoverCancelled', 'FailoverFailed', 'FailoverCanceled'].includes(e.eventCode)) { from = first(r.active); to = first(r.standby); }
    return { Sequence: e.sequence, Time: e.timestamp, Type: e.eventCode, From: from, To: to, Epoch: e.epoch,
      Reason: e.reason, Principal: e.principal, Detail: e.detailedMessage, GroupId: e.haGroupId };
  }
  function haTask(t) {
    return { Id: t.interconnectTaskId, Status: t.status, Progress: t.progress, Message: t.message, Reason: t.reason,
      Principal: t.principal, CreatedTime: t.startTime, Epoch: t.epoch, TargetSessionId: t.targetApplianceId,
      Steps: (t.steps || []).map((s) => ({ Title: s.title, Status: s.status, Message: s.message })) };
  }

  // Where a group page reads and steers its group: a Client Failover group, or an HA group.
  function cfSource(id) {
    const path = `${base()}/groups/${encodeURIComponent(id)}`;
    return {
      kind: 'cf', title: `Group ${id}`,
      config: async () => (await api('GET', path)).json,
      state: async () => {
        const [status, sessions] = await Promise.all([api('GET', `${path}/status`), api('GET', `${path}/clientsessions`)]);
        return { status: status.json, sessions: sessions.json };
      },
      events: async (skip, count) => {
        const r = await api('GET', `${path}/events?skip=${skip}&count=${count}`);
        return { events: r.json, total: +(r.headers.get('Total-Count') || 0) };
      },
      stream: `${path}/events/stream`,
      event: (data) => data,
      task: async (taskId) => (await api('GET', `${base()}/tasks/${encodeURIComponent(taskId)}`)).json,
      failover: async (target, reason) => {
        const body = {};
        if (target) body.TargetSessionId = target;
        if (reason) body.Reason = reason;
        return (await api('POST', `${path}/failover`, body)).json;
      },
      override: (session, value, period) => {
        const body = { Value: value };
        if (period) body.ExpirationPeriod = period;
        return api('POST', `${path}/clientsessions/${encodeURIComponent(session)}/roleoverride`, body);
      },
      pause: async (resume, reason) => (await api('POST', `${path}/${resume ? 'resume' : 'pause'}`, reason ? { Reason: reason } : {})).json,
    };
  }
  function haSource(id) {
    const path = haPath(id);
    return {
      kind: 'ha', title: `HA group ${id}`,
      config: async () => haParts((await api('GET', path)).json).config,
      state: async () => {
        const parts = haParts((await api('GET', path)).json);
        return { status: parts.status, sessions: parts.sessions, config: parts.config };
      },
      events: async (skip, count) => {
        const r = await api('GET', `${path}/events?offset=${skip}&pageSize=${count}`);
        return { events: r.json.items.map(haEvent), total: r.json.paging.totalSize };
      },
      stream: `${path}/events/stream`,
      event: haEvent,
      task: async (taskId) => haTask((await api('GET', `${HCX}/tasks/${encodeURIComponent(taskId)}`)).json),
      failover: async () => {
        const answer = (await api('POST', `${path}/forceFailover`)).json;
        return { Id: answer.data.interconnectTaskId, Status: 'QUEUED', Progress: 0, Steps: [] };
      },
      override: (session, value, period) => {
        const body = { value: overrideWord[value] };
        if (period) body.expirationPeriod = period;
        return api('POST', `${path}/appliances/${encodeURIComponent(session)}/roleOverride`, body);
      },
      pause: async (resume, reason) => haParts((await api('POST', `${path}/${resume ? 'resume' : 'pause'}`, reason ? { reason } : {})).json).status,
    };
  }

  // ---------------------------------------------------------------- overview
  function overview() {
    const cf = cfOverview();
    const ha = haOverview();
    return { stop() { cf.stop(); ha.stop(); } };
  }

  // Every HA group of the tenant: the snapshot of the tenant's HA stream, then each group read
  // again when an event of it arrives (or when a lease shown runs out).
  function haOverview() {
    const groups = new Map(); // id → {parts, tasks, timer, refresh}
    const body = $('ha-body');
    function row(id) {
      const g = groups.get(id);
      if (!g || !g.parts) return null;
      const { status, sessions, config } = g.parts;
      const timeout = seconds(config.FailoverTimeout);
      const hl = health(status, sessions, timeout);
      const live = sessions.filter((s) => isLive(s, timeout)).length;
      const running = [...g.tasks.values()].filter((t) => t.open);
      const tr = h('tr', { 'data-ha-group': id },
        h('th', { scope: 'row' }, h('a', { href: `#/ha/${encodeURIComponent(id)}`, text: id })),
        h('td', { class: 'primary', text: status.Primary || '—' }),
        h('td', { class: 'epoch', text: String(status.Epoch) }),
        h('td', { class: 'health' }, h('span', { class: `badge ${hl.level}`, text: hl.text })),
        h('td', { class: 'members', text: `${live} / ${sessions.length}` }),
        h('td', { class: 'paused', text: status.Paused ? 'Paused' : 'No' }),
        h('td', { class: 'task', text: running.length ? running.map((t) => `to ${t.to || 'best'} (${t.id.slice(0, 8)})`).join(', ') : '—' }));
      if (status.PendingPrimary) tr.children[1].append(h('span', { class: 'pending', text: ` → ${status.PendingPrimary}` }));
      return tr;
    }
    function draw() {
      const ids = [...groups.keys()].sort();
      body.replaceChildren(...ids.map(row).filter(Boolean));
      $('ha-empty').hidden = ids.length > 0;
    }
    function keep(id, group) {
      const g = groups.get(id);
      if (!g) return;
      g.parts = haParts(group);
      clearTimeout(g.timer);
      g.timer = leaseWatch(g.parts.sessions, seconds(g.parts.config.FailoverTimeout), () => load(id));
      draw();
    }
    async function load(id) {
      try {
        keep(id, (await api('GET', haPath(id))).json);
      } catch (e) {
        if (e.status === 404 || e.status === 403) { const g = groups.get(id); if (g) clearTimeout(g.timer); groups.delete(id); draw(); }
      }
    }
    function entry(id) {
      let g = groups.get(id);
      if (!g) { g = { parts: null, tasks: new Map(), timer: null, refresh: debounce(() => load(id), 150) }; groups.set(id, g); }
      return g;
    }
    // Tasks named in the last 200 events (offsets count events; sequences may start above 1
    // after a group was deleted and created again).
    async function loadTasks(id) {
      try {
        const total = (await api('GET', `${haPath(id)}/events?offset=0&pageSize=0`)).json.paging.totalSize;
        const r = await api('GET', `${haPath(id)}/events?offset=${Math.max(0, total - 200)}&pageSize=200`);
        const g = groups.get(id);
        if (g) { g.tasks = tasksOf(r.json.items.map(haEvent)); draw(); }
      } catch (e) { /* shown as far as known */ }
    }
    function onEvent(type, data) {
      if (type === 'snapshot') {
        for (const g of groups.values()) clearTimeout(g.timer);
        groups.clear();
        for (const group of data.items || []) {
          entry(group.groupId);
          keep(group.groupId, group);
          loadTasks(group.groupId);
        }
        draw();
        return;
      }
      const id = data.haGroupId;
      if (!id) return;
      if (!groups.has(id)) { entry(id); load(id); loadTasks(id); return; }
      const g = groups.get(id);
      const e = haEvent(data);
      if (g.parts && typeof e.Epoch === 'number') g.parts.status.Epoch = e.Epoch;
      if (type === 'PrimaryChanged' && g.parts) g.parts.status.Primary = e.To;
      if (type.startsWith('Failover')) for (const [k, v] of tasksOf([e])) g.tasks.set(k, v);
      draw();
      g.refresh();
    }
    const stream = new EventStream(`${HCX}/appliances/ha/events/stream`, onEvent, liveBadge('ha-live'));
    return {
      stop() {
        stream.stop();
        for (const g of groups.values()) clearTimeout(g.timer);
      },
    };
  }

  function cfOverview() {
    const groups = new Map(); // id → {status, config, sessions, tasks, timer}
    let stream = null;
    const body = $('groups-body');

    function row(id) {
      const g = groups.get(id);
      if (!g || !g.status) return null;
      const timeout = g.config ? seconds(g.config.FailoverTimeout) : null;
      const sessions = g.sessions || [];
      const hl = health(g.status, sessions, timeout);
      const live = sessions.filter((s) => isLive(s, timeout)).length;
      const running = [...(g.tasks || new Map()).values()].filter((t) => t.open);
      const tr = h('tr', { 'data-group': id },
        h('th', { scope: 'row' }, h('a', { href: `#/group/${encodeURIComponent(id)}`, text: id })),
        h('td', { class: 'primary', text: g.status.Primary || '—' }),
        h('td', { class: 'epoch', text: String(g.status.Epoch) }),
        h('td', { class: 'health' }, h('span', { class: `badge ${hl.level}`, text: hl.text })),
        h('td', { class: 'members', text: `${live} / ${sessions.length}` }),
        h('td', { class: 'paused', text: g.status.Paused ? 'Paused' : 'No' }),
        h('td', { class: 'task', text: running.length ? running.map((t) => `to ${t.to || 'best'} (${t.id.slice(0, 8)})`).join(', ') : '—' }));
      if (g.status.PendingPrimary) tr.children[1].append(h('span', { class: 'pending', text: ` → ${g.status.PendingPrimary}` }));
      return tr;
    }
    function draw() {
      const ids = [...groups.keys()].sort();
      body.replaceChildren(...ids.map(row).filter(Boolean));
      $('groups-empty').hidden = ids.length > 0;
    }
    async function loadSessions(id) {
      const g = groups.get(id);
      if (!g) return;
      try {
        const [sessions, status] = await Promise.all([
          api('GET', `${base()}/groups/${encodeURIComponent(id)}/clientsessions`),
          api('GET', `${base()}/groups/${encodeURIComponent(id)}/status`)]);
        g.sessions = sessions.json; g.status = status.json;
      } catch (e) {
        if (e.status === 404 || e.status === 403) { groups.delete(id); draw(); return; }
      }
      clearTimeout(g.timer);
      const timeout = g.config ? seconds(g.config.FailoverTimeout) : null;
      g.timer = leaseWatch(g.sessions || [], timeout, () => loadSessions(id));
      draw();
    }
    async function loadGroup(id, status) {
      const g = groups.get(id) || { tasks: new Map(), refresh: debounce(() => loadSessions(id), 150) };
      groups.set(id, g);
      if (status) g.status = status;
      try {
        g.config = (await api('GET', `${base()}/groups/${encodeURIComponent(id)}`)).json;
        const after = Math.max(0, ((status && status.LastSequence) || 0) - 200);
        const events = await api('GET', `${base()}/groups/${encodeURIComponent(id)}/events?after=${after}&count=200`);
        g.tasks = tasksOf(events.json);
      } catch (e) { /* shown as far as known */ }
      await loadSessions(id);
    }
    function onEvent(type, data) {
      if (type === 'snapshot') {
        for (const g of groups.values()) clearTimeout(g.timer);
        groups.clear();
        for (const s of data.Groups || []) loadGroup(s.GroupId, s);
        draw();
        return;
      }
      const id = data.GroupId;
      if (!id) return;
      if (!groups.has(id)) { loadGroup(id, null); return; }
      const g = groups.get(id);
      if (g.status && typeof data.Epoch === 'number') g.status.Epoch = data.Epoch;
      if (type === 'PrimaryChanged' && g.status) g.status.Primary = data.To;
      if (type.startsWith('Failover')) {
        for (const [k, v] of tasksOf([data])) g.tasks.set(k, v);
      }
      draw();
      g.refresh();
    }
    stream = new EventStream(`${base()}/events/stream`, onEvent, liveBadge('overview-live'));
    return {
      stop() {
        stream.stop();
        for (const g of groups.values()) clearTimeout(g.timer);
      },
    };
  }

  // ---------------------------------------------------------------- group page
  function groupPage(id, src) {
    const ha = src.kind === 'ha';
    const g = { config: null, status: null, sessions: [], events: new Map(), tasks: new Map(), lastSequence: 0,
      total: 0, page: 0, timer: null };
    let stream = null;
    let stopped = false;
    const timers = [];
    $('group-title').textContent = src.title;
    // The words of the group's API: sessions and Primary, or appliances and ACTIVE.
    $('members-title').textContent = ha ? 'Appliances' : 'Members';
    $('members-who').textContent = ha ? 'Appliance' : 'Session';
    $('override-who').textContent = ha ? 'Appliance' : 'Session';
    $('override-primary').textContent = ha ? 'ACTIVE (make it the ACTIVE)' : 'Primary (make it the Primary)';
    $('override-secondary').textContent = ha ? 'STANDBY (drain)' : 'Secondary (drain)';
    $('failover-title').textContent = ha ? 'Force failover' : 'Planned failover';
    $('failover-options').hidden = ha;
    // What was typed for another group is not this group's.
    for (const field of ['failover-reason', 'pause-reason', 'override-period']) $(field).value = '';
    $('failover-ha-hint').hidden = !ha;
    const roleWord = (role) => (ha ? { Primary: 'ACTIVE', PendingPrimary: 'UNDECIDED', Secondary: 'STANDBY' }[role] || role : role);
    $('group-summary').replaceChildren();
    $('members-body').replaceChildren();
    $('history-body').replaceChildren();
    $('tasks').replaceChildren();
    $('timeline').replaceChildren();
    $('changes').replaceChildren();
    for (const node of document.querySelectorAll('.steer')) node.hidden = !maySteer();

    const timeoutMs = () => (g.config ? seconds(g.config.FailoverTimeout) : null);

    function drawSummary() {
      const s = g.status;
      if (!s) return;
      const hl = health(s, g.sessions, timeoutMs());
      const pairs = [
        [roleWord('Primary'), s.Primary || '—', 'summary-primary'], ['Epoch', String(s.Epoch), 'summary-epoch'],
        [roleWord('PendingPrimary'), s.PendingPrimary || '—', 'summary-pending'],
        ['Health', hl.text, 'summary-health'],
        ['Paused', s.Paused ? `Yes, since ${fmtTime(s.Pause && s.Pause.Since)}${s.Pause && s.Pause.Reason ? ': ' + s.Pause.Reason : ''}${s.Pause && s.Pause.By ? ' (by ' + s.Pause.By + ')' : ''}` : 'No', 'summary-paused'],
        ['Failover timeout', g.config ? g.config.FailoverTimeout : '—', 'summary-timeout'],
      ];
      $('group-summary').replaceChildren(...pairs.flatMap(([k, v, cls]) => [h('dt', { text: k }), h('dd', { id: cls, text: v })]));
      $('pause-title').textContent = s.Paused ? 'Resume' : 'Pause';
      $('pause-button').textContent = s.Paused ? 'Resume the group' : 'Pause the group';
    }
    // The lease bars move with the clock, updated in place (focus and selection stay).
    function tickLeases() {
      const t = timeoutMs();
      for (const s of g.sessions) {
        const row = $('members-body').querySelector(`tr[data-session="${CSS.escape(s.Id)}"]`);
        if (row) setLease(row.querySelector('.lease'), row.querySelector('.lease-text'), leaseLeft(s, t), t);
      }
    }
    function setLease(bar, label, left, t) {
      bar.firstChild.style.width = `${t ? Math.round(100 * left / t) : 0}%`;
      bar.setAttribute('aria-valuenow', Math.round(left / 1000));
      bar.setAttribute('aria-valuetext', `${(left / 1000).toFixed(1)} s`);
      bar.dataset.leaseMs = Math.round(left);
      label.textContent = ` ${(left / 1000).toFixed(0)} s`;
    }
    let memberIds = null;
    function drawMembers() {
      const t = timeoutMs();
      const steer = maySteer();
      const focused = document.activeElement && document.activeElement.closest('#members-body button[data-action]')
        ? document.activeElement.dataset.session : null;
      $('members-body').replaceChildren(...g.sessions.map((s) => {
        const role = s.Id === (g.status && g.status.Primary) ? 'Primary'
          : s.Id === (g.status && g.status.PendingPrimary) ? 'PendingPrimary' : isLive(s, t) ? 'Secondary' : 'Not live';
        const bar = h('div', { class: 'lease', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': Math.round((t || 0) / 1000),
          'aria-label': `Lease left of ${s.Id}` }, h('span', { class: 'lease-fill' }));
        const leaseText = h('span', { class: 'lease-text' });
        setLease(bar, leaseText, leaseLeft(s, t), t);
        const override = (ha ? ['Off', 'ACTIVE', 'STANDBY (drained)'] : ['Off', 'Primary', 'Secondary (drained)'])[s.RoleOverride] || String(s.RoleOverride);
        const drained = s.RoleOverride === 2;
        const actions = h('td', { class: 'steer' });
        actions.hidden = !steer;
        actions.append(h('button', { type: 'button', 'data-session': s.Id, 'data-action': drained ? 'undrain' : 'drain',
          'aria-label': `${drained ? 'Undrain' : 'Drain'} ${s.Id}`, text: drained ? 'Undrain' : 'Drain' }));
        return h('tr', { 'data-session': s.Id, 'data-role': role },
          h('th', { scope: 'row' }, s.Id, s.Name ? h('span', { class: 'muted', text: ` ${s.Name}` }) : null),
          h('td', { class: 'role' }, h('span', { class: `role-${role.replace(' ', '-').toLowerCase()}`, text: roleWord(role) })),
          h('td', { class: 'score', text: s.Heartbeat ? String(s.Heartbeat.FailoverScore) : '—' }),
          h('td', {}, bar, leaseText),
          h('td', { class: 'override', text: override + (s.RoleOverrideExpirationTime ? ` until ${fmtTime(s.RoleOverrideExpirationTime)}` : '') }),
          actions);
      }));
      if (focused) {
        const again = $('members-body').querySelector(`button[data-session="${CSS.escape(focused)}"]`);
        if (again) again.focus();
      }
      // The failover target and the override session choices follow the members.
      const ids = g.sessions.map((s) => s.Id).join('\n');
      if (ids === memberIds) return;
      memberIds = ids;
      const target = $('failover-target');
      const kept = target.value;
      target.replaceChildren(h('option', { value: '', text: 'Baton chooses the best' }),
        ...g.sessions.map((s) => h('option', { value: s.Id, text: s.Id })));
      target.value = [...target.options].some((o) => o.value === kept) ? kept : '';
      const who = $('override-session');
      const keptWho = who.value;
      who.replaceChildren(...g.sessions.map((s) => h('option', { value: s.Id, text: s.Id })));
      if ([...who.options].some((o) => o.value === keptWho)) who.value = keptWho;
    }
    function drawTimeline() {
      const to = now();
      const from = to - (+$('timeline-window').value || HOUR);
      const events = [...g.events.values()];
      const model = BatonTimeline.build(events, from, to);
      BatonTimeline.render($('timeline'), model, from, to, g.sessions.map((s) => s.Id));
      $('changes').replaceChildren(...model.marks.slice().reverse().map((m) => h('li', { 'data-epoch': m.epoch },
        `${BatonTimeline.clock(m.time)} — epoch ${m.epoch}: ${m.from || 'nobody'} → ${m.to || 'nobody'}, reason ${m.reason || '—'}, asked by ${m.principal || 'nobody (heartbeat or timer)'}`)));
    }
    function drawTasks() {
      const list = [...g.tasks.values()].filter((t) => t.task).sort((a, b) => (b.task.CreatedTime || '').localeCompare(a.task.CreatedTime || ''));
      $('tasks-empty').hidden = list.length > 0;
      $('tasks').replaceChildren(...list.map(({ task }) => h('li', { class: 'card task', 'data-task': task.Id, 'data-status': task.Status },
        h('p', {}, h('strong', { text: `${task.Status}` }), ha ? ` to ${task.TargetSessionId || 'the best STANDBY'}`
          : ` ${task.FromPrimary || 'nobody'} → ${task.TargetSessionId || task.RequestedTargetSessionId || 'best'}`,
          ` · ${task.Progress}% · ${task.Reason ? 'reason: ' + task.Reason + ' · ' : ''}${task.Principal ? 'by ' + task.Principal + ' · ' : ''}created ${fmtTime(task.CreatedTime)}`,
          task.Epoch ? ` · epoch ${task.Epoch}` : ''),
        h('ol', { class: 'steps' }, ...task.Steps.map((s) => h('li', { 'data-status': s.Status },
          h('span', { class: `badge ${s.Status === 'SUCCESS' ? 'ok' : s.Status === 'FAILED' ? 'bad' : 'warn'}`, text: s.Status }),
          ` ${s.Title}${s.Message ? ': ' + s.Message : ''}`))),
        task.Message ? h('p', { class: 'muted', text: task.Message }) : null)));
    }
    async function loadTask(taskId) {
      try {
        const task = await src.task(taskId);
        g.tasks.set(taskId, { task });
        drawTasks();
      } catch (e) { /* a task gone from the store is left out */ }
    }
    async function loadHistory() {
      // Pages count from the newest: page 0 is the last HISTORY_PAGE events.
      const total = (await src.events(0, 1)).total;
      g.total = total;
      const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE));
      g.page = Math.min(g.page, pages - 1);
      const end = total - g.page * HISTORY_PAGE;
      const skip = Math.max(0, end - HISTORY_PAGE);
      const page = end > 0 ? (await src.events(skip, end - skip)).events : [];
      $('history-body').replaceChildren(...page.slice().reverse().map((e) => h('tr', { 'data-sequence': e.Sequence },
        h('td', { text: String(e.Sequence) }), h('td', { text: fmtTime(e.Time) }), h('td', { text: e.Type }),
        h('td', { text: e.From || '' }), h('td', { text: e.To || '' }), h('td', { text: String(e.Epoch) }),
        h('td', { text: e.Reason || '' }), h('td', { text: e.Principal || '' }), h('td', { class: 'detail', text: e.Detail || '' }))));
      $('history-page').textContent = `Page ${g.page + 1} of ${pages} (${total} events)`;
      $('history-newer').disabled = g.page === 0;
      $('history-older').disabled = g.page >= pages - 1;
    }
    // The last hour of events, and the last role change before it (who held the role then).
    async function loadWindow() {
      let end = (await src.events(0, 1)).total;
      const from = now() - HOUR;
      while (end > 0) {
        const skip = Math.max(0, end - 500);
        const page = (await src.events(skip, end - skip)).events;
        for (const e of page) g.events.set(e.Sequence, e);
        end = skip;
        if (page.some((e) => e.Type === 'PrimaryChanged' && Date.parse(e.Time) <= from)) break;
      }
      g.lastSequence = Math.max(0, ...g.events.keys());
    }
    async function loadState() {
      const state = await src.state();
      g.status = state.status;
      g.sessions = state.sessions;
      if (state.config) g.config = state.config;
      clearTimeout(g.timer);
      g.timer = leaseWatch(g.sessions, timeoutMs(), refreshState, true);
      drawSummary();
      drawMembers();
    }
    const refreshState = debounce(() => { if (!stopped) loadState().catch(() => {}); }, 100);
    const refreshHistory = debounce(() => { if (!stopped && g.page === 0) loadHistory().catch(() => {}); }, 200);

    function onEvent(type, raw) {
      if (typeof raw !== 'object' || raw === null) return;
      const data = src.event(raw);
      if (typeof data.Sequence !== 'number') return;
      g.events.set(data.Sequence, data);
      g.lastSequence = Math.max(g.lastSequence, data.Sequence);
      if (g.status && typeof data.Epoch === 'number') g.status.Epoch = data.Epoch;
      if (type === 'PrimaryChanged' && g.status) { g.status.Primary = data.To; g.status.PendingPrimary = null; drawSummary(); drawMembers(); }
      drawTimeline();
      if (type.startsWith('Failover')) for (const taskId of tasksOf([data]).keys()) loadTask(taskId);
      if (type === 'GroupUpdated') src.config().then((config) => { g.config = config; drawSummary(); }).catch(() => {});
      refreshState();
      refreshHistory();
    }

    async function start() {
      try {
        g.config = await src.config();
        await loadState();
        await loadWindow();
      } catch (e) {
        if (e.status !== 401) toast(e.status === 404 ? `There is no ${ha ? 'HA group' : 'group'} ${id}.` : `Cannot read the group: ${e.message}`, true);
        return;
      }
      if (stopped) return;
      drawTimeline();
      for (const taskId of tasksOf([...g.events.values()]).keys()) loadTask(taskId);
      loadHistory().catch(() => {});
      // From the last event read on: no gap, no duplicate (Last-Event-ID on reconnect too).
      stream = new EventStream(`${src.stream}?after=${g.lastSequence}`, onEvent, liveBadge('group-live'),
        () => g.lastSequence);
      // The lease bars and the timeline's right edge move with the clock: drawn again
      // locally, nothing is asked of the server.
      timers.push(setInterval(tickLeases, 500));
      timers.push(setInterval(() => { drawTimeline(); }, 15000));
    }

    // Actions: the same API routes, so the same authorisation; the answers are shown.
    async function act(what, fn) {
      try {
        const result = await fn();
        toast(`${what}: ${result}`);
      } catch (e) {
        toast(`${what} refused${e.status ? ` (${e.status})` : ''}: ${e.message}`, true);
      }
    }
    const handlers = {
      failover: async (ev) => {
        ev.preventDefault();
        const target = $('failover-target').value;
        const reason = $('failover-reason').value.trim();
        await act('Failover', async () => {
          const task = await src.failover(target, reason);
          g.tasks.set(task.Id, { task });
          drawTasks();
          loadTask(task.Id);
          return `task ${task.Id.slice(0, 8)} ${task.Status}`;
        });
      },
      override: async (ev) => {
        ev.preventDefault();
        const session = $('override-session').value;
        const value = $('override-value').value;
        const period = $('override-period').value.trim();
        await act('Override', async () => {
          await src.override(session, value, period);
          refreshState();
          return `${session} ${value}`;
        });
      },
      pause: async (ev) => {
        ev.preventDefault();
        const resume = g.status && g.status.Paused;
        const reason = $('pause-reason').value.trim();
        await act(resume ? 'Resume' : 'Pause', async () => {
          g.status = await src.pause(resume, reason);
          drawSummary();
          return resume ? 'the group runs' : 'the group is paused';
        });
      },
      members: async (ev) => {
        const button = ev.target.closest('button[data-action]');
        if (!button) return;
        const session = button.dataset.session;
        const drain = button.dataset.action === 'drain';
        await act(drain ? 'Drain' : 'Undrain', async () => {
          await src.override(session, drain ? 'Secondary' : 'Off');
          refreshState();
          return session;
        });
      },
      newer: () => { if (g.page > 0) { g.page -= 1; loadHistory().catch(() => {}); } },
      older: () => { g.page += 1; loadHistory().catch(() => {}); },
    };
    const bindings = [['failover-form', 'submit', handlers.failover], ['override-form', 'submit', handlers.override],
      ['pause-form', 'submit', handlers.pause], ['members-body', 'click', handlers.members],
      ['history-newer', 'click', handlers.newer], ['history-older', 'click', handlers.older],
      ['timeline-window', 'change', () => drawTimeline()]];
    for (const [node, type, fn] of bindings) $(node).addEventListener(type, fn);
    start();
    return {
      stop() {
        stopped = true;
        if (stream) stream.stop();
        clearTimeout(g.timer);
        for (const t of timers) clearInterval(t);
        for (const [node, type, fn] of bindings) $(node).removeEventListener(type, fn);
      },
    };
  }

  // ---------------------------------------------------------------- sign-in and routing
  function signOut(message) {
    state.token = null; state.claims = null;
    store.removeItem('baton.token');
    if (message) $('login-error').textContent = message;
    route();
  }
  async function signIn(ev) {
    ev.preventDefault();
    const form = ev.target;
    const kind = form.querySelector('input[name=kind]:checked').value;
    const name = $('login-name').value;
    const secret = $('login-secret').value;
    $('login-error').textContent = '';
    try {
      let token = null;
      if (kind === 'user') {
        const r = await fetch('/hybridity/api/sessions', { method: 'POST', credentials: 'omit', cache: 'no-store',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ username: name, password: secret }) });
        if (r.ok) token = r.headers.get('x-hm-authorization');
      } else {
        const r = await fetch('/identity/connect/token', { method: 'POST', credentials: 'omit', cache: 'no-store',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: name, client_secret: secret }) });
        if (r.ok) token = (await r.json()).access_token;
      }
      if (!token) { $('login-error').textContent = 'Unknown name or wrong password or secret.'; return; }
      state.token = token;
      state.claims = decodeClaims(token);
      store.setItem('baton.token', token);
      $('login-secret').value = '';
      route();
    } catch (e) {
      $('login-error').textContent = `Cannot sign in: ${e.message}`;
    }
  }

  function show(name) {
    for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== `view-${name}`;
  }
  async function route() {
    if (state.view) { state.view.stop(); state.view = null; }
    if (state.authRequired === null) {
      // Learn whether this server wants credentials (a 401 signs out, which routes again).
      try { await api('GET', `${base()}/groups?count=1`); state.authRequired = !!state.token; } catch (e) {
        if (e.status === 401) return;
        state.authRequired = !!state.token;
      }
      if (state.authRequired === false && !state.token) {
        // Anonymous access worked: authentication is off.
      }
    }
    const signedIn = !!state.token || state.authRequired === false;
    $('who').hidden = !state.token;
    $('scope').hidden = !signedIn;
    $('namespace').value = state.namespace;
    if (state.claims) {
      $('who-name').textContent = `${state.claims.sub} (${state.claims.role}, tenant ${state.claims.tenant})`;
    }
    if (!signedIn) { show('login'); $('login-name').focus(); return; }
    const hash = location.hash || '#/';
    const m = /^#\/group\/(.+)$/.exec(hash);
    const ha = /^#\/ha\/(.+)$/.exec(hash);
    if (m || ha) {
      show('group');
      const id = decodeURIComponent((m || ha)[1]);
      state.view = groupPage(id, ha ? haSource(id) : cfSource(id));
      $('group-title').focus();
    } else {
      show('overview');
      state.view = overview();
    }
  }

  $('login-form').addEventListener('submit', signIn);
  $('logout').addEventListener('click', () => { state.authRequired = null; signOut('Signed out.'); });
  $('scope').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.namespace = $('namespace').value.trim() || 'default';
    store.setItem('baton.namespace', state.namespace);
    route();
  });
  $('skip').addEventListener('click', (ev) => { ev.preventDefault(); $('main').focus(); });
  window.addEventListener('hashchange', route);
  route();
})();
