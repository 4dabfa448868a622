'use strict';
// The role timeline of a group: who held the Primary role when, from the group's history.
// `BatonTimeline.build` is a pure function (events in, segments and change marks out);
// `BatonTimeline.render` draws them as SVG. Every segment and mark carries its data in
// data-* attributes, so tests compare the drawing structurally, not by pixels.
(function (global) {
  const SVG = 'http://www.w3.org/2000/svg';

  // events: the group's history events (any order), at least every PrimaryChanged from the
  // last one at or before `from` on. Returns {segments: [{holder, epoch, start, end}],
  // marks: [{time, sequence, epoch, from, to, reason, principal}]}, times in ms since 1970.
  // A segment whose holder is null is a time without a Primary.
  function build(events, from, to) {
    const changes = events.filter((e) => e.Type === 'PrimaryChanged')
      .slice().sort((a, b) => a.Sequence - b.Sequence);
    const created = events.find((e) => e.Type === 'GroupCreated');
    let start = from;
    if (created) start = Math.max(from, Date.parse(created.Time));
    let holder = null;
    let epoch = null;
    const segments = [];
    const marks = [];
    for (const e of changes) {
      const t = Date.parse(e.Time);
      if (t <= start) { holder = e.To; epoch = e.Epoch; continue; }
      if (t > to) break;
      if (t > start) segments.push({ holder, epoch, start, end: t });
      holder = e.To;
      epoch = e.Epoch;
      start = t;
      marks.push({ time: t, sequence: e.Sequence, epoch: e.Epoch, from: e.From, to: e.To,
        reason: e.Reason, principal: e.Principal });
    }
    if (to > start) segments.push({ holder, epoch, start, end: to });
    return { segments, marks };
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clock(ms) {
    const d = new Date(ms);
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  // Draws `model` (from build) for the window [from, to] into `container`, replacing what
  // was there. `lanes` lists members to show even when they never held the role.
  function render(container, model, from, to, lanes) {
    const holders = [];
    for (const name of lanes || []) if (!holders.includes(name)) holders.push(name);
    for (const s of model.segments) if (s.holder && !holders.includes(s.holder)) holders.push(s.holder);
    const left = 130, right = 990, top = 34, lane = 30;
    const height = top + Math.max(holders.length, 1) * lane + 24;
    const x = (t) => left + (right - left) * Math.min(Math.max((t - from) / (to - from), 0), 1);
    const svg = el('svg', { viewBox: `0 0 1000 ${height}`, role: 'img', 'aria-labelledby': 'timeline-svg-title',
      class: 'timeline-svg', 'data-from': from, 'data-to': to, preserveAspectRatio: 'xMinYMin meet' });
    svg.appendChild(el('title', { id: 'timeline-svg-title' },
      `Primary role over the last hour: ${model.marks.length} change(s), ` +
      model.segments.filter((s) => s.holder).map((s) => `${s.holder} (epoch ${s.epoch})`).join(', ')));

    // About six ticks, on whole minutes.
    const minute = 60 * 1000;
    const step = [1 / 6, 1 / 4, 1 / 2, 1, 2, 5, 10, 15, 30, 60].map((n) => n * minute)
      .find((ms) => (to - from) / ms <= 7) || 60 * minute;
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      svg.appendChild(el('line', { class: 'tick', x1: x(t), x2: x(t), y1: top - 4, y2: height - 20 }));
      svg.appendChild(el('text', { class: 'tick-label', x: x(t), y: height - 6, 'text-anchor': 'middle' },
        step < minute ? clock(t) : clock(t).slice(0, 5)));
    }
    holders.forEach((name, i) => {
      const y = top + i * lane;
      svg.appendChild(el('text', { class: 'lane-label', x: left - 8, y: y + 19, 'text-anchor': 'end' },
        name.length > 16 ? name.slice(0, 15) + '…' : name));
      svg.appendChild(el('line', { class: 'lane', x1: left, x2: right, y1: y + 14, y2: y + 14 }));
    });
    for (const s of model.segments) {
      if (!s.holder) continue;
      const i = holders.indexOf(s.holder);
      const y = top + i * lane;
      const rect = el('rect', {
        class: `segment lane-${i % 6}`, x: x(s.start), y: y + 4, width: Math.max(x(s.end) - x(s.start), 1.5),
        height: 20, rx: 3, 'data-holder': s.holder, 'data-epoch': s.epoch, 'data-start': s.start, 'data-end': s.end,
      });
      rect.appendChild(el('title', {}, `${s.holder} Primary, epoch ${s.epoch}, ${clock(s.start)}–${clock(s.end)}`));
      svg.appendChild(rect);
    }
    let lastLabel = -Infinity;
    for (const m of model.marks) {
      const g = el('g', {
        class: 'change', 'data-epoch': m.epoch, 'data-to': m.to || '', 'data-from': m.from || '',
        'data-reason': m.reason || '', 'data-principal': m.principal || '', 'data-time': m.time,
        'data-sequence': m.sequence,
      });
      g.appendChild(el('line', { x1: x(m.time), x2: x(m.time), y1: top - 14, y2: height - 20 }));
      // A label only where it does not overlap the previous one; the title has them all.
      if (x(m.time) - lastLabel >= 26) {
        g.appendChild(el('text', { x: x(m.time), y: top - 18, 'text-anchor': 'middle' }, `e${m.epoch}`));
        lastLabel = x(m.time);
      }
      g.appendChild(el('title', {}, `${clock(m.time)} epoch ${m.epoch}: ${m.from || 'nobody'} → ${m.to || 'nobody'}; ` +
        `reason ${m.reason || '—'}; asked by ${m.principal || 'nobody (heartbeat or timer)'}`));
      svg.appendChild(g);
    }
    container.replaceChildren(svg);
  }

  global.BatonTimeline = { build, render, clock };
})(window);
