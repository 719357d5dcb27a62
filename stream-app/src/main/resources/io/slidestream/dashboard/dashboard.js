// The fleet dashboard's page: one view of the whole group, sent by the server as server-sent events
// (api/stream) every second and drawn here. Charts are plain SVG drawn by this script; nothing is
// loaded from elsewhere. Text from the records is only ever set as text, never as markup.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const CLASS_COLOURS = ['#c9ccd4', '#e07b91', '#8e5fc1', '#f2c14e', '#4a9fd8', '#55b37a', '#e5894a', '#6b7385'];

function $(selector, root) { return (root || document).querySelector(selector); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, String(v));
    else e[k] = v;
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, String(v));
  }
  return e;
}

function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + (s % 60) + ' s';
  const h = Math.floor(m / 60);
  return h + ' h ' + (m % 60) + ' min';
}

function ago(ms) { return ms === null || ms === undefined ? '–' : duration(ms) + ' ago'; }

function time(epochMs) {
  return new Date(epochMs).toISOString().replace('T', ' ').substring(0, 19) + ' UTC';
}

function mib(bytes) { return bytes > 0 ? Math.round(bytes / 1048576) + ' MiB' : '–'; }

function short(version) { return version ? version.substring(0, 12) : '–'; }

function number(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return Number(v).toFixed(digits === undefined ? 2 : digits);
}

/** A count or rate on an axis: one decimal at most, none when it is whole. */
function tickNumber(v) { return Number.isInteger(Math.round(v * 10) / 10) ? String(Math.round(v)) : number(v, 1); }

function badge(text, kind) { return el('span', { class: 'badge ' + (kind || text), text }); }

function bar(value, total, label, kind) {
  const fill = el('div', { class: 'fill' });
  fill.style.width = (total > 0 ? Math.min(100, 100 * value / total) : 0) + '%';
  return el('div', { class: 'bar' + (kind ? ' ' + kind : '') }, fill, el('span', { class: 'label', text: label }));
}

/** Rows of a panel's table, rebuilt; the panel's empty note shows when there are none. */
function rows(panel, items, row) {
  const body = $('#' + panel + ' tbody');
  body.replaceChildren(...items.map(row));
  const empty = $('#' + panel + ' .empty');
  if (empty) empty.hidden = items.length > 0;
}

// ---- charts -------------------------------------------------------------------------------------

/** A line chart of one series over equally spaced points, with its own y axis from 0. */
function lineChart(container, values, options) {
  const o = Object.assign({ width: 600, height: 110, kind: '', format: v => number(v, 1), xLabels: [] }, options);
  // Drawn at the container's own size, so that text is not stretched.
  o.width = container.clientWidth || o.width;
  o.height = container.clientHeight || o.height;
  const pad = { l: 36, r: 8, t: 8, b: 16 };
  const w = o.width - pad.l - pad.r;
  const h = o.height - pad.t - pad.b;
  const defined = values.filter(v => v !== null && v !== undefined);
  const max = Math.max(o.min || 0, ...defined) || 1;
  const lo = o.fromZero === false && defined.length ? Math.min(...defined) : 0;
  const span = max - lo || 1;
  const root = svg('svg', { viewBox: `0 0 ${o.width} ${o.height}`, preserveAspectRatio: 'none', role: 'img' });
  for (const f of [0, 0.5, 1]) {
    const y = pad.t + h - f * h;
    root.append(svg('line', { class: 'axis', x1: pad.l, x2: pad.l + w, y1: y, y2: y }));
    root.append(svg('text', { class: 'tick', x: pad.l - 4, y: y + 3, 'text-anchor': 'end', text: o.format(lo + f * span) }));
  }
  const n = values.length;
  const x = i => pad.l + (n <= 1 ? w / 2 : (i * w) / (n - 1));
  const y = v => pad.t + h - ((v - lo) / span) * h;
  let d = '';
  let first = null;
  let last = null;
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    d += (d ? 'L' : 'M') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
    if (first === null) first = i;
    last = i;
  });
  if (d) {
    root.append(svg('path', { class: 'area ' + o.kind,
      d: d + `L${x(last).toFixed(1)},${pad.t + h}L${x(first).toFixed(1)},${pad.t + h}Z` }));
    root.append(svg('path', { class: 'line ' + o.kind, d }));
    if (defined.length === 1) root.append(svg('circle', { class: 'dot', cx: x(last), cy: y(values[last]), r: 2.5 }));
  }
  o.xLabels.forEach(([i, text]) => root.append(svg('text', { class: 'tick', x: x(i), y: o.height - 3,
    'text-anchor': i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle', text })));
  container.replaceChildren(root);
}

/** Stacked bars: finished, failed and dead-lettered per interval. */
function outcomeChart(container, outcomes) {
  const width = container.clientWidth || 600, height = container.clientHeight || 110;
  const pad = { l: 28, r: 4, t: 6, b: 16 };
  const n = outcomes.finished.length;
  const w = (width - pad.l - pad.r) / n;
  const h = height - pad.t - pad.b;
  const totals = outcomes.finished.map((f, i) => f + outcomes.failed[i] + outcomes.deadLettered[i]);
  const max = Math.max(1, ...totals);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  for (const f of [0, 0.5, 1]) {
    const y = pad.t + h - f * h;
    root.append(svg('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: y, y2: y }));
    root.append(svg('text', { class: 'tick', x: pad.l - 4, y: y + 3, 'text-anchor': 'end', text: tickNumber(f * max) }));
  }
  for (let i = 0; i < n; i++) {
    let base = pad.t + h;
    for (const [kind, v] of [['finished', outcomes.finished[i]], ['failed', outcomes.failed[i]],
      ['dead', outcomes.deadLettered[i]]]) {
      if (!v) continue;
      const bh = (v / max) * h;
      base -= bh;
      const r = svg('rect', { class: kind, x: pad.l + i * w + 1, y: base, width: Math.max(1, w - 2), height: bh });
      r.append(svg('title', { text: `${v} ${kind} from ${time(outcomes.start + i * outcomes.bucketMs)}` }));
      root.append(r);
    }
  }
  root.append(svg('text', { class: 'tick', x: pad.l, y: height - 3, text: '−' + duration(n * outcomes.bucketMs) }));
  root.append(svg('text', { class: 'tick', x: width - pad.r, y: height - 3, 'text-anchor': 'end', text: 'now' }));
  container.replaceChildren(root);
}

// ---- panels -------------------------------------------------------------------------------------

function renderFleet(s) {
  $('#fleet-count').textContent = s.fleet.filter(i => i.alive).length + ' alive of ' + s.fleet.length;
  rows('fleet', s.fleet, i => el('tr', { 'data-instance-id': i.instanceId, 'data-status': i.status },
    el('td', { class: 'mono', text: i.instanceId }),
    el('td', {}, badge(i.status)),
    el('td', {}, badge(i.ready ? 'yes' : 'no')),
    el('td', { text: ago(i.lastSeenAgoMs) }),
    el('td', { class: 'partitions', text: i.partitions.length ? i.partitions.join(', ') : '–' }),
    el('td', { text: i.alive ? i.slidesInFlight + ' of ' + i.maxSlidesInFlight : '–' }),
    el('td', { text: mib(i.heapUsedBytes) + ' of ' + mib(i.heapMaxBytes) }),
    el('td', { class: 'muted', text: i.version || '–' })));
}

function renderJobs(s) {
  $('#jobs-count').textContent = s.jobs.length ? String(s.jobs.length) : '';
  rows('jobs', s.jobs, j => el('tr', { 'data-job-id': j.jobId, 'data-stage': j.stage },
    el('td', { class: 'mono', text: j.jobId }),
    el('td', { class: 'mono muted', text: j.slideId || '–' }),
    el('td', {}, badge(j.stage)),
    el('td', {}, bar(j.tilesDone, j.tilesTotal || 0,
      j.tilesTotal ? `${j.tilesDone} of ${j.tilesTotal} tiles` : 'reading the slide')),
    el('td', { text: duration(j.elapsedMs) }),
    el('td', { text: j.etaMs === null ? '–' : duration(j.etaMs) }),
    el('td', { class: 'mono muted', text: j.instance || '–' })));
}

function renderThroughput(s) {
  const t = s.throughput;
  const n = t.tilesPerSecond.length;
  const labels = [[0, '−60 min'], [Math.floor(n / 2), '−30 min'], [n - 1, 'now']];
  lineChart($('#tiles-chart'), t.tilesPerSecond, { xLabels: labels, format: tickNumber });
  lineChart($('#jobs-chart'), t.jobsPerMinute, { xLabels: labels, format: tickNumber, min: 1 });
  $('#tiles-now').textContent = '(' + number(t.tilesPerSecond[n - 1], 1) + ' now)';
  $('#jobs-now').textContent = '(' + t.jobsPerMinute.reduce((a, b) => a + b, 0) + ' in the hour)';
}

function renderOutcomes(s) {
  const o = s.outcomes;
  $('#outcomes-span').textContent = 'per ' + duration(o.bucketMs) + ', last ' + duration(s.windowMs);
  $('#outcome-totals').replaceChildren(
    el('span', { 'data-outcome': 'finished' }, el('b', { text: o.totalFinished }), 'finished'),
    el('span', { 'data-outcome': 'failed' }, el('b', { text: o.totalFailed }), 'failed'),
    el('span', { 'data-outcome': 'dead-lettered' }, el('b', { text: o.totalDeadLettered }), 'dead-lettered'));
  outcomeChart($('#outcomes-chart'), o);
}

function renderDeadLetters(s) {
  const d = s.deadLetters;
  const total = Object.values(d.byReason).reduce((a, b) => a + b, 0);
  $('#dead-count').textContent = total ? String(total) : '';
  $('#dead-reasons').replaceChildren(...Object.entries(d.byReason).sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => el('span', { class: 'reason-count', 'data-reason': reason }, badge(reason, 'reason'), ' ' + n)));
  rows('dead-letters', d.recent, l => el('tr', { 'data-job-id': l.jobId || '', 'data-reason': l.reason },
    el('td', { text: time(l.time) }),
    el('td', { class: 'mono', text: l.jobId || '(no readable job id)' }),
    el('td', {}, badge(l.reason, 'reason')),
    el('td', { class: 'message', text: l.message })));
}

function renderLag(s) {
  const lag = s.lag;
  $('#lag-group').textContent = s.groupId + (lag.groupState ? ' · ' + lag.groupState.toLowerCase() : '')
    + ' · ' + lag.members + ' member' + (lag.members === 1 ? '' : 's') + ' · total ' + lag.total;
  const max = Math.max(1, ...lag.partitions.map(p => p.lag));
  rows('lag', lag.partitions, p => el('tr', { 'data-partition': p.partition },
    el('td', { text: p.partition }),
    el('td', { text: p.end }),
    el('td', { text: p.committed === null ? '–' : p.committed }),
    el('td', {}, bar(p.lag, max, String(p.lag), 'lag')),
    el('td', { class: 'mono muted', text: p.owner || '–' })));
  $('#lag-error').textContent = lag.error ? 'lag not read: ' + lag.error : '';
}

function renderModels(s) {
  rows('models', s.models, m => el('tr', { 'data-model-id': m.modelId },
    el('td', { class: 'mono', text: m.modelId }),
    el('td', { class: 'mono muted', text: short(m.modelVersion), title: m.modelVersion }),
    el('td', { text: m.jobs }),
    el('td', { text: ago(s.now - m.lastUsed) })));
}

const cards = new Map();

function slideCard(slide) {
  const thumb = el('div', { class: 'thumb' });
  if (slide.thumbnail) {
    const img = el('img', { alt: 'overview of ' + slide.jobId, 'data-natural-width': 0 });
    img.addEventListener('load', () => { img.dataset.naturalWidth = String(img.naturalWidth); });
    img.addEventListener('error', () => { thumb.replaceChildren('no overview in the store'); });
    img.src = slide.thumbnail;
    thumb.append(img);
  } else {
    thumb.append('no overview');
  }
  const fractions = Object.entries(slide.areaFractions || {});
  const areas = el('div', { class: 'areas' });
  const legend = el('div', { class: 'area-legend' });
  fractions.forEach(([name, f], i) => {
    const colour = CLASS_COLOURS[i % CLASS_COLOURS.length];
    const part = el('span', { title: name + ' ' + number(100 * (f || 0), 1) + ' %' });
    part.style.width = (100 * (f || 0)) + '%';
    part.style.background = colour;
    areas.append(part);
    const key = el('i');
    key.style.background = colour;
    legend.append(el('span', { 'data-class': name }, key, name + ' ' + number(100 * (f || 0), 1) + ' %'));
  });
  return el('div', { class: 'card', 'data-job-id': slide.jobId, 'data-tiles-done': slide.tileCount,
    'data-tiles-total': slide.tileCount },
  thumb,
  el('div', { class: 'body' },
    el('div', { class: 'title' }, badge('finished'), ' ', el('span', { class: 'mono', text: slide.jobId })),
    el('div', { class: 'line mono', text: 'slide ' + slide.slideId }),
    el('div', { class: 'line tiles', text: slide.tileCount + ' of ' + slide.tileCount + ' tiles · ' + time(slide.finished) }),
    el('div', { class: 'line', text: slide.modelId + ' ' + short(slide.modelVersion) }),
    el('div', { class: 'line', text: 'total ' + duration(slide.totalMs) + ' · queued ' + duration(slide.queuedMs)
      + ' · inference ' + duration(slide.inferenceMs) + ' · read ' + duration(slide.readMs) }),
    areas, legend));
}

function renderSlides(s) {
  // Cards are kept while their job is listed, so thumbnails load once.
  const container = $('#slides .cards');
  const listed = new Set(s.slides.map(x => x.jobId + '@' + x.finished));
  for (const key of [...cards.keys()]) if (!listed.has(key)) cards.delete(key);
  const ordered = s.slides.map(x => {
    const key = x.jobId + '@' + x.finished;
    if (!cards.has(key)) cards.set(key, slideCard(x));
    return cards.get(key);
  });
  container.replaceChildren(...ordered);
  $('#slides .empty').hidden = s.slides.length > 0;
}

function renderTraining(s) {
  const container = $('#training .runs');
  const charts = [];
  container.replaceChildren(...s.training.map(r => {
    const loss = el('div', { class: 'chart' });
    const dice = el('div', { class: 'chart' });
    const n = r.cycles.length;
    const labels = n ? [[0, 'cycle ' + r.cycles[0].cycle], [n - 1, 'cycle ' + r.cycles[n - 1].cycle]] : [];
    // Drawn once in the page, at their size.
    charts.push(() => lineChart(loss, r.cycles.map(c => c.loss), { width: 300, height: 90, kind: 'loss',
      xLabels: labels, format: v => number(v, v >= 100 ? 0 : 2), fromZero: false }));
    charts.push(() => lineChart(dice, r.cycles.map(c => c.dice), { width: 300, height: 90, kind: 'dice',
      xLabels: labels, format: v => number(v, 2), min: 1 }));
    return el('div', { class: 'run', 'data-run-id': r.runId },
      el('div', { class: 'title' }, badge(r.state, r.state === 'running' ? 'running' : r.state), ' ',
        el('b', { class: 'mono', text: r.runId }),
        el('span', { class: 'muted', text: ' · started ' + time(r.started) + ' · updated ' + ago(s.now - r.updated) })),
      el('div', { class: 'figures' },
        el('span', { text: 'iteration ' + (r.iteration ?? '–') + (r.iterations ? ' of ' + r.iterations : '') }),
        el('span', { text: 'k ' + (r.k ?? '–') + (r.nextK !== null && r.nextK !== undefined ? ' → ' + r.nextK : '') }),
        el('span', { text: 'pool ' + (r.poolSize ?? '–') }),
        el('span', { text: 'trainer idle ' + (r.trainerIdle === null ? '–' : number(100 * r.trainerIdle, 1) + ' %') }),
        el('span', { text: 'error-map idle ' + (r.errorMapIdle === null ? '–' : number(100 * r.errorMapIdle, 1) + ' %') }),
        el('span', { text: 'best Dice ' + number(r.bestDice, 3) }),
        r.workers ? el('span', { text: r.workers + ' worker' + (r.workers === 1 ? '' : 's')
          + (r.distributed ? ', distributed' : '') }) : null,
        r.message ? el('span', { class: 'muted', text: r.message }) : null),
      el('div', { class: 'charts' },
        el('div', {}, el('div', { class: 'chart-title', text: 'Loss per cycle' }), loss),
        el('div', {}, el('div', { class: 'chart-title', text: 'Validation Dice per cycle' }), dice)));
  }));
  charts.forEach(draw => draw());
  $('#training .empty').hidden = s.training.length > 0;
}

function render(s) {
  $('#group').textContent = 'group ' + s.groupId + ' · window ' + duration(s.windowMs);
  $('#clock').textContent = time(s.now);
  renderFleet(s);
  renderJobs(s);
  renderThroughput(s);
  renderOutcomes(s);
  renderDeadLetters(s);
  renderLag(s);
  renderModels(s);
  renderSlides(s);
  renderTraining(s);
  const read = Object.entries(s.recordsRead).map(([k, v]) => k + ' ' + v).join(', ');
  const bad = Object.entries(s.unreadable).map(([k, v]) => k + ' ' + v).join(', ');
  $('#footer').textContent = 'records read: ' + (read || 'none') + (bad ? ' · unreadable: ' + bad : '')
    + ' · an instance is gone after ' + s.goneAfter + ' missed heartbeats';
  document.body.dataset.updated = String(s.now);
}

function connect() {
  const status = $('#connection');
  const source = new EventSource('api/stream');
  source.addEventListener('snapshot', e => {
    status.dataset.state = 'live';
    status.textContent = 'live';
    render(JSON.parse(e.data));
  });
  source.onerror = () => {
    status.dataset.state = 'lost';
    status.textContent = 'reconnecting…';
  };
}

connect();
