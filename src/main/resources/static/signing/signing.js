// The signing page: shows the documents with pdf.js, lets the recipient fill their fields and
// submits them to the recipient API. Plain JavaScript, no build step; every text comes from the
// server's message bundle (the JSON block #messages).
const body = document.body;
const token = body.dataset.token;
const lang = body.dataset.lang;
const api = '/v2/signing/' + encodeURIComponent(token);
const T = JSON.parse(document.getElementById('messages').textContent);
const $ = (id) => document.getElementById(id);
const fmt = (text, ...args) => text.replace(/\{(\d)\}/g, (m, i) => args[Number(i)]);

const MAX_ATTACHMENT = 5 * 1024 * 1024;  // AttachmentValue.MAX_BYTES on the server

let view;
let fields = [];
let pages = [];
let zoom = 1;
let editing = null;

function status(text) {
  $('status').textContent = text;
}

async function start() {
  $('landing').hidden = true;
  $('signing').hidden = false;
  status(T.loading);
  try {
    view = await (await fetch(api, { headers: { Accept: 'application/json' } })).json();
    const pdfjs = await import(body.dataset.pdfjs + 'pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = body.dataset.pdfjs + 'pdf.worker.min.mjs';
    for (const doc of view.documents) {
      const data = await (await fetch(api + '/documents/' + doc.id)).arrayBuffer();
      const pdf = await pdfjs.getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        addPage(doc, page, n, pdf.numPages, await page.getAnnotations());
      }
    }
  } catch (e) {
    status(T.load_failed);
    return;
  }
  buildFields();
  await render();
  applyRules();
  status('');
  $('next-field').focus();
}

function addPage(doc, page, number, count, annotations) {
  const label = document.createElement('p');
  label.className = 'page-label';
  label.textContent = doc.name + ' \u2013 ' + fmt(T.page_of, number, count);
  const wrap = document.createElement('div');
  wrap.className = 'page';
  wrap.dataset.document = doc.id;
  wrap.dataset.page = String(number);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  wrap.append(canvas);
  $('pages').append(label, wrap);
  const widgets = annotations.filter((a) => a.subtype === 'Widget');
  pages.push({ doc, page, number, wrap, canvas, size: page.getViewport({ scale: 1 }), widgets, task: null });
}

async function render() {
  const available = $('pages').clientWidth;
  const ratio = window.devicePixelRatio || 1;
  $('zoom-level').textContent = Math.round(zoom * 100) + '%';
  await Promise.all(pages.map(async (p) => {
    const scale = (available / p.size.width) * zoom;
    p.wrap.style.width = Math.floor(p.size.width * scale) + 'px';
    p.wrap.style.height = Math.floor(p.size.height * scale) + 'px';
    const viewport = p.page.getViewport({ scale: scale * ratio });
    p.canvas.width = Math.floor(viewport.width);
    p.canvas.height = Math.floor(viewport.height);
    if (p.task) {
      p.task.cancel();
    }
    p.task = p.page.render({ canvasContext: p.canvas.getContext('2d'), viewport });
    try {
      await p.task.promise;
    } catch (e) {
      // A newer render of the same page cancelled this one.
    }
  }));
}

function buildFields() {
  const counts = {};
  const order = (t) => [view.documents.findIndex((d) => d.id === t.document_id), t.page_number, t.y, t.x];
  const sorted = [...view.tags].sort((a, b) => {
    const oa = order(a);
    const ob = order(b);
    for (let i = 0; i < oa.length; i++) {
      if (oa[i] !== ob[i]) return oa[i] - ob[i];
    }
    return 0;
  });
  for (const tag of sorted) {
    const p = pages.find((x) => x.doc.id === tag.document_id && x.number === tag.page_number);
    if (!p) continue;
    counts[tag.type] = (counts[tag.type] || 0) + 1;
    const attrs = tag.attributes || {};
    const f = { tag, attrs, page: p, value: null, display: null, required: !tag.optional, hidden: false };
    f.title = T[tag.type] + ' ' + counts[tag.type] + (attrs.help_text ? ': ' + attrs.help_text : '');
    if (tag.type === 'text_field' && attrs.prefilled_value) f.value = attrs.prefilled_value;
    if (tag.type === 'checkbox_field' || tag.type === 'radio_field') f.value = 'false';
    f.el = fieldElement(f);
    const box = fieldBox(tag, p);
    Object.assign(f.el.style, {
      left: box.left * 100 + '%', top: box.top * 100 + '%', width: box.width * 100 + '%', height: box.height * 100 + '%',
    });
    p.wrap.append(f.el);
    fields.push(f);
    show(f);
  }
}

// Where the tag's field is, as fractions of the page as shown: its widget's rectangle in the PDF
// itself (the server places fields and fits those that would cross the page's edge; the page
// repeats no geometry). A tag's widget is found by its field's name, and a radio button by its state.
function fieldBox(tag, p) {
  const widget = p.widgets.find((a) => a.fieldName === tag.field_name
      && (tag.field_state == null || a.buttonValue === tag.field_state));
  if (!widget) {
    // Every tag Signet prepares has a widget; should one be missing, the tag's point still shows it.
    return { left: tag.x, top: tag.y, width: 0.1, height: 0.03 };
  }
  const [x1, y1, x2, y2] = p.size.convertToViewportRectangle(widget.rect);
  return {
    left: Math.min(x1, x2) / p.size.width, top: Math.min(y1, y2) / p.size.height,
    width: Math.abs(x2 - x1) / p.size.width, height: Math.abs(y2 - y1) / p.size.height,
  };
}

function fieldElement(f) {
  const type = f.tag.type;
  const fixed = type === 'date_signed_field' || (type === 'text_field' && f.attrs.readonly);
  const el = document.createElement(fixed ? 'div' : 'button');
  el.className = 'field';
  el.dataset.name = f.tag.name;
  el.dataset.type = type;
  if (fixed) {
    el.classList.add('readonly');
    el.setAttribute('role', 'note');
    if (type === 'date_signed_field') f.display = new Date().toISOString().slice(0, 10);
    return el;
  }
  el.type = 'button';
  if (type === 'checkbox_field' || type === 'radio_field') {
    el.setAttribute('aria-pressed', 'false');
    el.addEventListener('click', () => toggle(f));
  } else {
    el.addEventListener('click', () => openEditor(f));
  }
  return el;
}

function toggle(f) {
  if (f.tag.type === 'radio_field') {
    fields.filter((o) => o.tag.type === 'radio_field' && o.tag.tag_group_name === f.tag.tag_group_name)
      .forEach((o) => { o.value = 'false'; show(o); });
    f.value = 'true';
  } else {
    f.value = f.value === 'true' ? 'false' : 'true';
  }
  show(f);
  applyRules();
}

function hasValue(f) {
  if (f.hidden || f.value === null || f.value === '') return false;
  return (f.tag.type !== 'checkbox_field' && f.tag.type !== 'radio_field') || f.value === 'true';
}

function done(f) {
  if (f.tag.type === 'date_signed_field') return true;
  if (f.tag.type === 'radio_field') return groupOf(f).some(hasValue);
  return hasValue(f);
}

function groupOf(f) {
  return fields.filter((o) => o.tag.type === 'radio_field' && o.tag.tag_group_name === f.tag.tag_group_name && !o.hidden);
}

function show(f) {
  const el = f.el;
  const filled = done(f);
  el.classList.toggle('done', filled && f.tag.type !== 'date_signed_field');
  el.classList.toggle('required', f.required && !filled);
  el.classList.toggle('rule-hidden', f.hidden);
  el.hidden = f.hidden;
  const state = f.tag.type === 'date_signed_field' ? f.display
    : (f.attrs.readonly ? f.value + ', ' + T.read_only : (filled ? T.filled : T.empty));
  el.setAttribute('aria-label', f.title + ', ' + (f.required ? T.required : T.optional) + ', ' + state);
  if (el.tagName === 'BUTTON' && (f.tag.type === 'checkbox_field' || f.tag.type === 'radio_field')) {
    el.setAttribute('aria-pressed', String(f.value === 'true'));
    return;
  }
  el.replaceChildren();
  if (f.tag.type === 'date_signed_field' || f.attrs.readonly) {
    el.textContent = f.display || f.value || '';
  } else if (f.value && f.value.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.src = f.value;
    img.alt = '';
    el.append(img);
  } else if (f.value && f.tag.type === 'attachment') {
    el.textContent = 'PDF \u2713';
  } else if (f.value) {
    const span = document.createElement('span');
    span.className = f.tag.type === 'text_field' ? '' : 'typed';
    span.textContent = f.value;
    el.append(span);
  }
}

// Conditional rules: the same reading as the server's (tagging.TagValues with FieldRules): all conditions of
// a rule must hold; a hidden field counts as empty; later rules win.
function applyRules() {
  const rules = view.rules || [];
  const byName = new Map(fields.map((f) => [f.tag.name, f]));
  let hidden = new Set();
  let required = new Map();
  for (let round = 0; round <= rules.length; round++) {
    const now = new Set();
    required = new Map();
    for (const rule of rules) {
      const holds = (rule.conditions || []).every((c) => {
        const trigger = byName.get(c.trigger_tag_name);
        const has = !!trigger && !hidden.has(trigger.tag.name) && hasValue({ ...trigger, hidden: false });
        return has === (c.criteria === 'has_value');
      });
      for (const f of fields) {
        const hit = (rule.affected_tag_names || []).includes(f.tag.name)
          || (f.tag.tag_group_name && (rule.affected_tag_group_names || []).includes(f.tag.tag_group_name));
        if (!hit) continue;
        if ((rule.action === 'show' && !holds) || (rule.action === 'hide' && holds)) now.add(f.tag.name);
        if (rule.action === 'make_required' && holds) required.set(f.tag.name, true);
        if (rule.action === 'make_optional' && holds) required.set(f.tag.name, false);
      }
    }
    const same = now.size === hidden.size && [...now].every((n) => hidden.has(n));
    hidden = now;
    if (same) break;
  }
  for (const f of fields) {
    f.hidden = hidden.has(f.tag.name);
    f.required = required.has(f.tag.name) ? required.get(f.tag.name) : !f.tag.optional;
  }
  if (fields.some((f) => f.tag.type === 'radio_field')) {
    // A radio group is required when any visible member is.
    for (const f of fields.filter((x) => x.tag.type === 'radio_field')) {
      f.required = groupOf(f).some((o) => o.required);
    }
  }
  fields.forEach(show);
  progress();
}

function missing() {
  return fields.filter((f) => !f.hidden && f.required && !done(f));
}

function progress() {
  const required = fields.filter((f) => !f.hidden && f.required && f.tag.type !== 'date_signed_field');
  const finished = required.filter(done).length;
  $('progress').textContent = finished === required.length ? T.all_done : fmt(T.progress, finished, required.length);
}

function nextField() {
  const next = missing()[0];
  if (!next) {
    status(T.all_done);
    $('finish').focus();
    return;
  }
  next.el.scrollIntoView({ block: 'center' });
  next.el.focus();
}

// The editor dialog for text, signature, initials and attachment fields.
let drawn = false;
let uploaded = null;

function openEditor(f) {
  editing = f;
  const type = f.tag.type;
  $('field-title').textContent = f.title;
  $('field-help').textContent = (f.required ? T.required : T.optional) + (f.attrs.help_text ? ' \u2013 ' + f.attrs.help_text : '');
  $('field-error').textContent = '';
  $('text-editor').hidden = type !== 'text_field';
  $('sign-editor').hidden = type !== 'signature' && type !== 'initials';
  $('file-editor').hidden = type !== 'attachment';
  $('text-input').value = type === 'text_field' ? (f.value || '') : '';
  $('text-input').placeholder = f.attrs.help_text || '';
  $('attachment-input').value = '';
  $('sign-file').value = '';
  uploaded = null;
  clearDrawing();
  $('sign-text').value = (type === 'signature' || type === 'initials') && f.value && !f.value.startsWith('data:') ? f.value : '';
  preview();
  $('field-dialog').showModal();
  const first = { text_field: 'text-input', attachment: 'attachment-input' }[type];
  $(first || 'sign-text').focus();
  if (!first) setMode(document.querySelector('input[name=sign-mode]:checked').value);
}

function setMode(mode) {
  $('sign-type').hidden = mode !== 'type';
  $('sign-draw').hidden = mode !== 'draw';
  $('sign-upload').hidden = mode !== 'upload';
}

function preview() {
  $('sign-preview').textContent = $('sign-text').value;
}

const PATTERN_TIME_MS = 300;

// The pattern runs in a worker that is ended after PATTERN_TIME_MS: a slow pattern gives no verdict
// here and the server, which matches in linear time, decides on submit. The 'u' flag makes JavaScript
// read the pattern strictly, so RE2 syntax it does not share is an error (no verdict), not a
// different meaning.
function textProblem(f, value) {
  const v = f.attrs.validation;
  if (!value || !v || !v.regex) return Promise.resolve(null);
  const flags = (v.flags || '').replace(/[^ims]/g, '') + 'u';
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(body.dataset.patternWorker);
    } catch (e) {
      resolve(null);
      return;
    }
    const done = (problem) => { clearTimeout(timer); worker.terminate(); resolve(problem); };
    const timer = setTimeout(() => done(null), PATTERN_TIME_MS);
    worker.onmessage = (event) => done(event.data === false ? (v.error_message || T.format) : null);
    worker.onerror = () => done(null);
    worker.postMessage({ regex: v.regex, flags, value });
  });
}

async function applyEditor(event) {
  event.preventDefault();
  const f = editing;
  const type = f.tag.type;
  let value;
  if (type === 'text_field') {
    value = $('text-input').value;
    const problem = await textProblem(f, value);
    if (problem) {
      $('field-error').textContent = problem;
      $('text-input').setAttribute('aria-invalid', 'true');
      $('text-input').focus();
      return;
    }
    $('text-input').removeAttribute('aria-invalid');
  } else if (type === 'attachment') {
    const file = $('attachment-input').files[0];
    if (!file || (file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf'))) {
      $('field-error').textContent = T.attachment_not_pdf;
      return;
    }
    if (file.size > MAX_ATTACHMENT) {
      $('field-error').textContent = T.attachment_too_large;
      return;
    }
    const base64 = (await dataUrl(file)).split(',')[1];
    value = 'data:application/pdf;name=' + encodeURIComponent(file.name) + ';base64,' + base64;
  } else {
    const mode = document.querySelector('input[name=sign-mode]:checked').value;
    if (mode === 'type') {
      value = $('sign-text').value.trim();
      if (!value) {
        $('field-error').textContent = T.type_empty;
        return;
      }
    } else if (mode === 'draw') {
      if (!drawn) {
        $('field-error').textContent = T.draw_empty;
        return;
      }
      value = $('sign-canvas').toDataURL('image/png');
    } else {
      if (!uploaded) {
        $('field-error').textContent = T.image_failed;
        return;
      }
      value = uploaded;
    }
  }
  f.value = value;
  closeEditor();
  applyRules();
}

function closeEditor() {
  $('field-dialog').close();
  const f = editing;
  editing = null;
  if (f) f.el.focus();
}

function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// An uploaded image becomes a PNG on a canvas, scaled to fit, whatever its format was.
async function loadImage(file) {
  uploaded = null;
  $('field-error').textContent = '';
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    const scale = Math.min(1, 600 / img.naturalWidth, 200 / img.naturalHeight);
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    uploaded = canvas.toDataURL('image/png');
  } catch (e) {
    $('field-error').textContent = T.image_failed;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Drawing with pointer events: one code path for mouse, pen and touch.
function setUpDrawing() {
  const canvas = $('sign-canvas');
  const ctx = canvas.getContext('2d');
  let last = null;
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
  };
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#0b2e59';
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of (events.length ? events : [e])) {
      const p = point(ev);
      ctx.beginPath();
      ctx.moveTo(last[0], last[1]);
      ctx.lineTo(p[0], p[1]);
      ctx.stroke();
      last = p;
      drawn = true;
    }
  });
  const end = () => { last = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

function clearDrawing() {
  const canvas = $('sign-canvas');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  drawn = false;
}

function finish() {
  const open = missing();
  if (open.length) {
    status(T.missing);
    nextField();
    return;
  }
  const summary = $('summary');
  summary.replaceChildren();
  for (const f of fields.filter((x) => !x.hidden)) {
    const dt = document.createElement('dt');
    dt.textContent = f.title;
    const dd = document.createElement('dd');
    if (f.tag.type === 'date_signed_field') dd.textContent = f.display;
    else if (f.value && f.value.startsWith('data:image/')) {
      const img = document.createElement('img');
      img.src = f.value;
      img.alt = T.filled;
      img.height = 40;
      dd.append(img);
    } else if (f.tag.type === 'attachment') dd.textContent = f.value ? decodeURIComponent(f.value.split(';')[1].slice(5)) : T.empty;
    else if (f.tag.type === 'checkbox_field' || f.tag.type === 'radio_field') dd.textContent = f.value === 'true' ? '\u2713' : '\u2013';
    else dd.textContent = f.value || T.empty;
    summary.append(dt, dd);
  }
  $('signing').hidden = true;
  $('confirm').hidden = false;
  $('confirm-title').focus();
}

function backToSigning() {
  $('confirm').hidden = true;
  $('signing').hidden = false;
  $('finish').focus();
}

// The page reloads to say what happened, unless a listener (embedded.js, inside a host page's frame)
// takes the outcome over: it cancels the event and sends the host page on.
function conclude(outcome) {
  const event = new CustomEvent('signet:finished', { detail: { outcome }, cancelable: true });
  if (document.dispatchEvent(event)) {
    location.assign(body.dataset.page + encodeURIComponent(token) + '?lang=' + lang);
  }
}

// A refusal that is not about the signer's values (the envelope was withdrawn, the link ended).
function failed(error) {
  document.dispatchEvent(new CustomEvent('signet:failed', {
    detail: { code: String(error.code || 'ERROR'), message: String(error.message || '') },
  }));
}

async function submit() {
  const tags = fields
    .filter((f) => !f.hidden && f.tag.type !== 'date_signed_field' && !(f.attrs.readonly && !f.value))
    .filter((f) => f.value !== null && f.value !== '')
    .map((f) => ({ name: f.tag.name, value: f.value }));
  $('submit').disabled = true;
  const response = await fetch(api + '/submit', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags }),
  });
  $('submit').disabled = false;
  if (response.status === 204) {
    conclude('signed');
    return;
  }
  backToSigning();
  if (response.status === 429) {
    status(T.rate_limited);
    return;
  }
  let detail = '';
  try {
    const error = await response.json();
    if (response.status !== 422) {
      failed(error);
    }
    detail = (error.errors || []).map((e) => {
      const f = fields.find((x) => x.tag.name === e.field);
      return (f ? f.title : e.field) + ': ' + e.message;
    }).join('; ') || error.message;
  } catch (e) {
    // No error body: the general sentence is all there is to say.
  }
  status(T.submit_failed + (detail ? ' ' + detail : ''));
}

async function decline() {
  const reason = $('decline-reason').value.trim();
  if (!reason) {
    $('decline-error').textContent = T.decline_failed;
    $('decline-reason').focus();
    return;
  }
  const response = await fetch(api + '/decline', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason }),
  });
  if (response.status === 204) {
    conclude('declined');
    return;
  }
  $('decline-error').textContent = response.status === 429 ? T.rate_limited : T.decline_failed;
}

let resizeTimer;
$('start').addEventListener('click', start);
$('zoom-in').addEventListener('click', () => { zoom = Math.min(3, zoom * 1.25); render(); });
$('zoom-out').addEventListener('click', () => { zoom = Math.max(0.5, zoom / 1.25); render(); });
$('next-field').addEventListener('click', nextField);
$('finish').addEventListener('click', finish);
$('submit').addEventListener('click', submit);
$('confirm-back').addEventListener('click', backToSigning);
$('field-form').addEventListener('submit', applyEditor);
$('field-cancel').addEventListener('click', closeEditor);
$('field-clear').addEventListener('click', () => {
  if (editing) {
    editing.value = null;
    closeEditor();
    applyRules();
  }
});
$('field-dialog').addEventListener('cancel', () => { editing = null; });
$('sign-text').addEventListener('input', preview);
$('sign-clear').addEventListener('click', clearDrawing);
$('sign-file').addEventListener('change', (e) => { if (e.target.files[0]) loadImage(e.target.files[0]); });
document.querySelectorAll('input[name=sign-mode]').forEach((r) => r.addEventListener('change', () => setMode(r.value)));
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 200); });
if ($('decline-open')) {
  $('decline-open').addEventListener('click', () => {
    $('landing').hidden = true;
    $('decline-form').hidden = false;
    $('decline-title').focus();
  });
  $('decline-back').addEventListener('click', () => {
    $('decline-form').hidden = true;
    $('landing').hidden = false;
    $('decline-open').focus();
  });
  $('decline-submit').addEventListener('click', decline);
}
setUpDrawing();
