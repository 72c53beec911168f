// Send: documents, recipients and fields become the options JSON of POST /v2/envelopes, posted
// with the files to /portal/send, which runs the API's own checks. Plain JavaScript, no build
// step; the texts and the field sizes come from the server (#send-data).
const body = document.body;
const DATA = JSON.parse(document.getElementById('send-data').textContent);
const T = DATA.texts;
const $ = (id) => document.getElementById(id);
const fmt = (text, ...args) => text.replace(/\{(\d)\}/g, (m, i) => String(args[Number(i)]));
const pct = (v) => Math.round(v * 100);
const STEP = 0.01;
const MAX_XY = 0.949;
const COLOURS = 8;

const state = { docs: [], recipients: [], fields: [], selected: null, candidate: null, preview: null, armed: null };
let pdfjs = null;
let uids = 0;
const next = () => ++uids;

// ---------- announcements and errors ----------

function announce(text) {
  const live = $('announce');
  live.textContent = '';
  window.setTimeout(() => { live.textContent = text; }, 30);
}

function setError(el, text) {
  const error = $(el.id + '-error');
  if (error) {
    error.textContent = text || '';
    error.hidden = !text;
  }
  if (text) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

function clearErrors() {
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  document.querySelectorAll('.field-error:not(.doc-status)').forEach((el) => {
    if (el.tagName === 'UL') el.replaceChildren();
    else { el.textContent = ''; el.hidden = true; }
  });
  state.fields.forEach((f) => { f.errors = []; f.el.classList.remove('invalid'); });
  $('problems').hidden = true;
  $('problems-list').replaceChildren();
}

// ---------- recipients ----------

function assignees() {
  const list = [];
  state.recipients.filter((r) => r.kind === 'signer').forEach((r) => {
    list.push({ key: String(r.uid), recipient: r, witness: false });
    if (r.witness) list.push({ key: r.uid + 'w', recipient: r, witness: true });
  });
  return list;
}

function recipientLabel(r) {
  const index = state.recipients.indexOf(r) + 1;
  const name = r.name.trim();
  return fmt(T.recipient, index, name || T.unnamed);
}

function ownerLabel(owner) {
  return owner.witness ? fmt(T.witnessOf, recipientLabel(owner.recipient)) : recipientLabel(owner.recipient);
}

function ownerOf(f) {
  return { recipient: f.recipient, witness: f.witness };
}

function addRecipient(kind) {
  const r = {
    uid: next(), kind, name: '', email: '', group: 1, auth: 'no-auth', idv: '', country: '', mobile: '',
    witness: false, colour: state.recipients.length % COLOURS,
  };
  if (kind === 'signer') r.group = Math.max(1, ...state.recipients.filter((x) => x.kind === 'signer').map((x) => x.group));
  state.recipients.push(r);
  r.el = recipientCard(r);
  $('recipients').append(r.el);
  refreshRecipients();
  return r;
}

function recipientCard(r) {
  const li = $('recipient-template').content.firstElementChild.cloneNode(true);
  li.dataset.uid = String(r.uid);
  li.classList.add('c' + r.colour);
  const id = (name) => 'r' + r.uid + '-' + name;
  li.querySelectorAll('[data-id]').forEach((el) => { el.id = id(el.dataset.id); });
  li.querySelectorAll('[data-for]').forEach((el) => { el.htmlFor = id(el.dataset.for); });
  li.querySelectorAll('input, select').forEach((el) => {
    const described = [id(el.dataset.id) + '-hint', id(el.dataset.id) + '-error'].filter((x) => $(x) || li.querySelector('#' + x));
    if (described.length) el.setAttribute('aria-describedby', described.join(' '));
  });
  if (r.kind === 'cc') li.querySelectorAll('.signer-only').forEach((el) => el.remove());
  const input = (name) => li.querySelector('#' + id(name));
  input('name').addEventListener('input', (e) => { r.name = e.target.value; refreshLabels(); });
  input('email').addEventListener('input', (e) => { r.email = e.target.value; });
  if (r.kind === 'signer') {
    input('group').addEventListener('change', (e) => { r.group = Number(e.target.value); });
    input('auth').addEventListener('change', (e) => {
      r.auth = e.target.value;
      li.querySelector('.idv-only').hidden = r.auth !== 'idv';
    });
    r.idv = input('idv').value;
    input('idv').addEventListener('change', (e) => { r.idv = e.target.value; });
    input('country').addEventListener('input', (e) => { r.country = e.target.value.trim().toUpperCase(); });
    input('mobile').addEventListener('input', (e) => { r.mobile = e.target.value.trim(); });
    input('witness').addEventListener('change', (e) => {
      r.witness = e.target.checked;
      if (!r.witness) state.fields.filter((f) => f.recipient === r && f.witness).forEach(removeField);
      refreshRecipients();
    });
  }
  input('up').addEventListener('click', () => moveRecipient(r, -1));
  input('down').addEventListener('click', () => moveRecipient(r, 1));
  input('remove').addEventListener('click', () => removeRecipient(r));
  return li;
}

function moveRecipient(r, by) {
  const at = state.recipients.indexOf(r);
  const to = at + by;
  if (to < 0 || to >= state.recipients.length) return;
  state.recipients.splice(at, 1);
  state.recipients.splice(to, 0, r);
  const list = $('recipients');
  state.recipients.forEach((x) => list.append(x.el));
  refreshRecipients();
  const same = r.el.querySelector('#r' + r.uid + (by < 0 ? '-up' : '-down'));
  const other = r.el.querySelector('#r' + r.uid + (by < 0 ? '-down' : '-up'));
  (!same.disabled ? same : !other.disabled ? other : r.el.querySelector('input')).focus();
  announce(fmt(T.movedTo, recipientLabel(r), to + 1));
}

function removeRecipient(r) {
  const label = recipientLabel(r);
  state.fields.filter((f) => f.recipient === r).forEach(removeField);
  state.recipients.splice(state.recipients.indexOf(r), 1);
  r.el.remove();
  refreshRecipients();
  announce(fmt(T.removed, label));
  $('add-signer').focus();
}

// The parts of each card that depend on the others: labels, sign group choices, the move buttons.
function refreshRecipients() {
  const signers = state.recipients.filter((r) => r.kind === 'signer');
  state.recipients.forEach((r, i) => {
    const li = r.el;
    const button = (name) => li.querySelector('#r' + r.uid + '-' + name);
    button('up').disabled = i === 0;
    button('down').disabled = i === state.recipients.length - 1;
    if (r.kind === 'signer') {
      const select = button('group');
      r.group = Math.min(r.group, signers.length);
      select.replaceChildren(...signers.map((s, n) => new Option(fmt(T.group, n + 1), String(n + 1))));
      select.value = String(r.group);
    }
  });
  refreshLabels();
}

function refreshLabels() {
  state.recipients.forEach((r) => {
    const label = recipientLabel(r);
    r.el.querySelector('.recipient-label').textContent = label + (r.kind === 'cc' ? ' (CC)' : '');
    const button = (name) => r.el.querySelector('#r' + r.uid + '-' + name);
    button('up').textContent = T.moveUp;
    button('up').setAttribute('aria-label', T.moveUp + ': ' + label);
    button('down').textContent = T.moveDown;
    button('down').setAttribute('aria-label', T.moveDown + ': ' + label);
    button('remove').textContent = T.remove;
    button('remove').setAttribute('aria-label', T.remove + ': ' + label);
  });
  const owners = assignees();
  for (const select of [$('place-for'), $('prop-owner'), $('preview-as')]) {
    const value = select.value;
    select.replaceChildren(...owners.map((o) => new Option(ownerLabel(o), o.key)));
    if (owners.some((o) => o.key === value)) select.value = value;
  }
  state.fields.forEach(drawField);
  if (state.selected) showProps(state.selected);
  listFields();
}

function ownerByKey(key) {
  return assignees().find((o) => o.key === key) || null;
}

// ---------- documents and pages ----------

async function loadPdfJs() {
  if (!pdfjs) {
    pdfjs = await import(body.dataset.pdfjs + 'pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = body.dataset.pdfjs + 'pdf.worker.min.mjs';
  }
  return pdfjs;
}

function isPdf(file) {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

async function addFiles(files) {
  setError($('files'), '');
  for (const file of files) {
    const doc = { uid: next(), name: file.name, file, pages: [], el: document.createElement('li') };
    state.docs.push(doc);
    doc.el.dataset.uid = String(doc.uid);
    const name = document.createElement('span');
    name.textContent = file.name;
    const status = document.createElement('span');
    status.className = 'hint';
    status.id = 'doc' + doc.uid + '-status';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = T.removeDocument;
    remove.setAttribute('aria-label', T.removeDocument + ': ' + file.name);
    remove.addEventListener('click', () => removeDocument(doc));
    doc.el.append(name, ' ', status, ' ', remove);
    $('documents').append(doc.el);
    status.textContent = isPdf(file) ? T.loading : T.converting;
    try {
      const data = isPdf(file) ? await file.arrayBuffer() : await converted(file);
      const lib = await loadPdfJs();
      doc.pdf = await lib.getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
      for (let n = 1; n <= doc.pdf.numPages; n++) addPage(doc, await doc.pdf.getPage(n), n);
      status.textContent = fmt(T.pageCount, doc.pdf.numPages);
    } catch (e) {
      status.textContent = e.message || T.loadFailed;
      status.className = 'field-error doc-status';
    }
  }
  $('no-pages').hidden = state.docs.some((d) => d.pages.length);
  await renderPages();
  $('pages').dataset.ready = String(state.docs.reduce((n, d) => n + d.pages.length, 0));
}

// A Word document is shown as the PDF the server converts it to: the pages the tags will land on.
async function converted(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const answer = await post(body.dataset.preview, form, 'application/pdf, application/json');
  if (!answer.ok) {
    const problem = await errorBody(answer);
    throw new Error(problem ? problem.message : T.loadFailed);
  }
  return answer.arrayBuffer();
}

function addPage(doc, page, number) {
  const size = page.getViewport({ scale: 1 });
  const wrap = document.createElement('div');
  wrap.className = 'page';
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'application');
  wrap.setAttribute('aria-label', fmt(T.page, doc.name, number, doc.pdf.numPages));
  wrap.setAttribute('aria-describedby', 'fields-help');
  wrap.dataset.document = doc.name;
  wrap.dataset.page = String(number);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  wrap.append(canvas);
  const p = { doc, page, number, size, wrap, canvas, task: null };
  wrap.addEventListener('keydown', (e) => pageKey(p, e));
  wrap.addEventListener('click', (e) => pageTap(p, e));
  wrap.addEventListener('focus', () => {
    if (!state.candidate && !state.preview) announce(fmt(T.pageStart, typeName($('place-type').value), placeForLabel()));
  });
  wrap.addEventListener('blur', (e) => {
    if (state.candidate && state.candidate.page === p && !wrap.contains(e.relatedTarget)) cancelCandidate(false);
  });
  doc.pages.push(p);
  $('pages').append(wrap);
}

function removeDocument(doc) {
  state.fields.filter((f) => f.page.doc === doc).forEach(removeField);
  doc.pages.forEach((p) => p.wrap.remove());
  doc.el.remove();
  state.docs.splice(state.docs.indexOf(doc), 1);
  $('no-pages').hidden = state.docs.some((d) => d.pages.length);
  announce(fmt(T.removed, doc.name));
  $('files').focus();
}

async function renderPages() {
  const width = $('pages').clientWidth - 2;
  const ratio = window.devicePixelRatio || 1;
  for (const doc of state.docs) {
    for (const p of doc.pages) {
      const scale = Math.min(width / p.size.width, 2);
      p.wrap.style.width = Math.floor(p.size.width * scale) + 'px';
      p.wrap.style.height = Math.floor(p.size.height * scale) + 'px';
      const viewport = p.page.getViewport({ scale: scale * ratio });
      p.canvas.width = Math.floor(viewport.width);
      p.canvas.height = Math.floor(viewport.height);
      if (p.task) p.task.cancel();
      p.task = p.page.render({ canvasContext: p.canvas.getContext('2d'), viewport });
      try {
        await p.task.promise;
      } catch (e) {
        // A newer render of the page cancelled this one.
      }
    }
  }
}

// ---------- fields ----------

function typeName(type) {
  return T['type.' + type];
}

function placeForLabel() {
  const owner = ownerByKey($('place-for').value);
  return owner ? ownerLabel(owner) : T.noRecipient;
}

// A field's size as fractions of its page: fixed in points per type, a text field's width a fraction.
function extent(f) {
  const [w, h] = DATA.sizes[f.type];
  const width = f.type === 'text_field' ? f.width : Math.min(w / f.page.size.width, 1);
  return { w: width, h: Math.min(h / f.page.size.height, 1) };
}

// Kept where the server keeps it: x and y up to 0.949, and the whole field on the page (a text
// field's x + width below 1), so the field lands where the sender sees it.
function clamp(f) {
  const { w, h } = extent(f);
  const maxX = f.type === 'text_field' ? Math.min(MAX_XY, 0.999 - w) : Math.min(MAX_XY, 1 - w);
  f.x = Math.round(Math.min(Math.max(f.x, 0), Math.max(maxX, 0)) * 1000) / 1000;
  f.y = Math.round(Math.min(Math.max(f.y, 0), Math.max(Math.min(MAX_XY, 1 - h), 0)) * 1000) / 1000;
}

function defaultName(owner, type) {
  const taken = new Set(state.fields.filter((f) => f.recipient === owner.recipient && f.witness === owner.witness).map((f) => f.name));
  let n = 1;
  while (taken.has(type + '_' + n)) n++;
  return type + '_' + n;
}

function newField(owner, type, page, x, y) {
  const f = {
    uid: next(), type, page, x, y, recipient: owner.recipient, witness: owner.witness,
    width: DATA.textWidth, required: !(type === 'checkbox_field' || type === 'attachment'),
    name: defaultName(owner, type), group: type === 'radio_field' ? 'choice' : '',
    prefill: '', readonly: false, help: '', pattern: '', patternMessage: '', errors: [],
  };
  clamp(f);
  return f;
}

function fieldElement(f) {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'tag';
  el.dataset.uid = String(f.uid);
  el.dataset.type = f.type;
  const who = document.createElement('span');
  who.className = 'who';
  const look = document.createElement('span');
  look.className = 'look';
  el.append(who, look);
  el.addEventListener('keydown', (e) => fieldKey(f, e));
  el.addEventListener('pointerdown', (e) => dragField(f, e));
  noFling(el);
  el.addEventListener('focus', () => select(f, false));
  return el;
}

function drawField(f) {
  const { w, h } = extent(f);
  const el = f.el;
  el.className = 'tag c' + f.recipient.colour + (f.witness ? ' witness' : '') + (f.errors.length ? ' invalid' : '')
    + (state.selected === f ? ' selected' : '');
  Object.assign(el.style, { left: f.x * 100 + '%', top: f.y * 100 + '%', width: w * 100 + '%', height: h * 100 + '%' });
  const short = f.witness ? 'W' + (state.recipients.indexOf(f.recipient) + 1) : 'R' + (state.recipients.indexOf(f.recipient) + 1);
  el.querySelector('.who').textContent = short;
  el.querySelector('.look').textContent = previewText(f);
  // The accessible name starts with the text shown (WCAG 2.5.3), then says the rest.
  el.setAttribute('aria-label', short + ' ' + describe(f));
  el.hidden = state.preview != null && !(state.preview.recipient === f.recipient && state.preview.witness === f.witness);
}

function describe(f) {
  return fmt(T.fieldAt, typeName(f.type), ownerLabel(ownerOf(f)), f.page.doc.name, f.page.number, pct(f.x), pct(f.y));
}

function previewText(f) {
  if (!state.preview) return typeName(f.type);
  switch (f.type) {
    case 'signature': return T.previewSign;
    case 'initials': return T.previewInitials;
    case 'date_signed_field': return T.previewDate;
    case 'attachment': return T.previewAttach;
    case 'checkbox_field': return '\u2610';
    case 'radio_field': return '\u25cb';
    default: return f.prefill || f.help || f.name;
  }
}

function place(f) {
  f.el = fieldElement(f);
  state.fields.push(f);
  f.page.wrap.append(f.el);
  drawField(f);
  listFields();
}

function removeField(f) {
  state.fields.splice(state.fields.indexOf(f), 1);
  f.el.remove();
  if (state.selected === f) select(null);
  listFields();
}

function select(f, focus) {
  const before = state.selected;
  state.selected = f;
  if (before && before !== f && state.fields.includes(before)) drawField(before);
  if (f) {
    drawField(f);
    if (focus) f.el.focus();
  }
  showProps(f);
}

function moveBy(f, dx, dy, resize) {
  if (resize) {
    if (f.type !== 'text_field') {
      announce(fmt(T.fixedSize, typeName(f.type)));
      return;
    }
    f.width = Math.round(Math.min(Math.max(f.width + dx, DATA.minTextWidth), 0.999 - f.x) * 1000) / 1000;
    clamp(f);
    drawField(f);
    announce(fmt(T.resized, typeName(f.type), pct(f.width)));
  } else {
    f.x += dx;
    f.y += dy;
    clamp(f);
    drawField(f);
    announce(fmt(T.moved, typeName(f.type), pct(f.x), pct(f.y)));
  }
  if (state.selected === f) showProps(f);
}

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

// The keyboard way to place (WCAG 2.5.7): Enter on a page starts a field of the chosen type for the
// chosen recipient, arrows move it, Shift + arrows change a text field's width, Enter places it.
function pageKey(p, e) {
  if (e.target !== p.wrap || state.preview) return;
  const c = state.candidate;
  if (!c) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    const owner = ownerByKey($('place-for').value);
    if (!owner) {
      announce(T.noRecipient);
      return;
    }
    const type = $('place-type').value;
    const f = newField(owner, type, p, 0.1, 0.1);
    f.el = fieldElement(f);
    f.el.tabIndex = -1;
    f.el.classList.add('candidate');
    p.wrap.append(f.el);
    state.candidate = f;
    drawField(f);
    f.el.classList.add('candidate');
    announce(fmt(T.placing, typeName(type), ownerLabel(owner), pct(f.x), pct(f.y)));
    return;
  }
  if (ARROWS[e.key]) {
    e.preventDefault();
    const [dx, dy] = ARROWS[e.key];
    moveBy(c, dx * STEP, dy * STEP, e.shiftKey);
    c.el.classList.add('candidate');
  } else if (e.key === 'Enter') {
    e.preventDefault();
    c.el.remove();
    state.candidate = null;
    place(c);
    c.el.tabIndex = 0;
    announce(fmt(T.placed, typeName(c.type), ownerLabel(ownerOf(c)), pct(c.x), pct(c.y)));
  } else if (e.key === 'Escape') {
    e.preventDefault();
    cancelCandidate(true);
  }
}

function cancelCandidate(say) {
  if (!state.candidate) return;
  state.candidate.el.remove();
  state.candidate = null;
  if (say) announce(T.cancelled);
}

function fieldKey(f, e) {
  if (state.preview) return;
  if (ARROWS[e.key]) {
    e.preventDefault();
    e.stopPropagation();
    const [dx, dy] = ARROWS[e.key];
    moveBy(f, dx * STEP, dy * STEP, e.shiftKey);
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    e.stopPropagation();
    const page = f.page;
    removeField(f);
    announce(fmt(T.removed, typeName(f.type)));
    page.wrap.focus();
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.stopPropagation();
  }
}

// touch-action: none keeps a finger that drags a chip or a field from panning the page, but Chromium
// still makes a fling of a drag that ends while the finger moves: it scrolls nothing, and the next tap,
// taken for one that stops it, is dropped (a chip or a button tapped within a second of a drop did
// nothing). A touchmove whose default is prevented makes no scroll and so no fling. The touchstart is
// left alone: a tap on a chip must still click to choose its type. Pointer events, which drag, come
// before touch events and are not affected; the mouse sends no touch events.
function noFling(el) {
  el.addEventListener('touchmove', (e) => { if (e.cancelable) e.preventDefault(); }, { passive: false });
}

// The mouse and touch way: drag a type from the palette onto a page, or drag a placed field.
function pageAt(x, y) {
  const hit = document.elementFromPoint(x, y);
  const wrap = hit && hit.closest('.page');
  if (!wrap) return null;
  for (const doc of state.docs) {
    const p = doc.pages.find((q) => q.wrap === wrap);
    if (p) return p;
  }
  return null;
}

function dragChip(chip, e) {
  if (state.preview || e.button > 0) return;
  const type = chip.dataset.type;
  const start = { x: e.clientX, y: e.clientY };
  let ghost = null;
  chip.setPointerCapture(e.pointerId);
  const move = (m) => {
    if (!ghost && Math.hypot(m.clientX - start.x, m.clientY - start.y) < 4) return;
    if (!ghost) {
      ghost = document.createElement('div');
      ghost.className = 'ghost';
      ghost.textContent = typeName(type);
      ghost.setAttribute('aria-hidden', 'true');
      body.append(ghost);
    }
    Object.assign(ghost.style, { left: m.clientX + 'px', top: m.clientY + 'px' });
  };
  const up = (u) => {
    chip.removeEventListener('pointermove', move);
    chip.removeEventListener('pointerup', up);
    chip.removeEventListener('pointercancel', up);
    if (!ghost) return;
    ghost.remove();
    chip.dataset.dragged = 'true';
    if (u.type === 'pointercancel') return;
    arm(null);
    const p = pageAt(u.clientX, u.clientY);
    if (!p) {
      announce(T.cancelled);
      return;
    }
    placeAt(p, type, u.clientX, u.clientY);
  };
  chip.addEventListener('pointermove', move);
  chip.addEventListener('pointerup', up);
  chip.addEventListener('pointercancel', up);
}

// A field of the type for the chosen recipient, its top-left corner where the pointer is.
function placeAt(p, type, clientX, clientY) {
  const owner = ownerByKey($('place-for').value);
  if (!owner) {
    announce(T.noRecipient);
    return;
  }
  const box = p.wrap.getBoundingClientRect();
  const f = newField(owner, type, p, (clientX - box.left) / box.width, (clientY - box.top) / box.height);
  place(f);
  select(f, true);
  announce(fmt(T.placed, typeName(type), ownerLabel(owner), pct(f.x), pct(f.y)));
}

// The single pointer way without dragging (WCAG 2.5.7), a tablet's tap or a click: a type chosen on
// the palette (the chip stays pressed) is placed where the page is next tapped.
function arm(type) {
  state.armed = type;
  document.querySelectorAll('.palette .chip').forEach((chip) => {
    chip.setAttribute('aria-pressed', String(chip.dataset.type === type));
  });
  $('pages').classList.toggle('armed', !!type);
}

function pageTap(p, e) {
  if (!state.armed || state.preview || state.candidate) return;
  if (e.target !== p.wrap && e.target !== p.canvas) return;
  const type = state.armed;
  arm(null);
  placeAt(p, type, e.clientX, e.clientY);
}

function dragField(f, e) {
  if (state.preview || e.button > 0 || state.candidate === f) return;
  const box = f.page.wrap.getBoundingClientRect();
  const start = { x: e.clientX, y: e.clientY, fx: f.x, fy: f.y };
  const resizing = f.type === 'text_field' && e.clientX > f.el.getBoundingClientRect().right - 8;
  const width = f.width;
  let moved = false;
  f.el.setPointerCapture(e.pointerId);
  const move = (m) => {
    const dx = (m.clientX - start.x) / box.width;
    const dy = (m.clientY - start.y) / box.height;
    if (!moved && Math.hypot(m.clientX - start.x, m.clientY - start.y) < 3) return;
    moved = true;
    if (resizing) f.width = Math.min(Math.max(width + dx, DATA.minTextWidth), 0.999 - f.x);
    else { f.x = start.fx + dx; f.y = start.fy + dy; }
    clamp(f);
    drawField(f);
  };
  const up = (u) => {
    f.el.removeEventListener('pointermove', move);
    f.el.removeEventListener('pointerup', up);
    f.el.removeEventListener('pointercancel', up);
    if (moved) {
      f.width = Math.round(f.width * 1000) / 1000;
      showProps(f);
      announce(resizing ? fmt(T.resized, typeName(f.type), pct(f.width)) : fmt(T.moved, typeName(f.type), pct(f.x), pct(f.y)));
    } else if (u.type === 'pointerup') {
      // A tap selects the field: a touch screen does not always focus the button it taps.
      select(f, true);
    }
  };
  f.el.addEventListener('pointermove', move);
  f.el.addEventListener('pointerup', up);
  f.el.addEventListener('pointercancel', up);
}

// ---------- the selected field's properties ----------

function showProps(f) {
  $('field-props').hidden = !f;
  $('no-field').hidden = !!f;
  if (!f) return;
  $('prop-what').textContent = describe(f);
  const errors = $('prop-errors');
  errors.replaceChildren(...f.errors.map((m) => Object.assign(document.createElement('li'), { textContent: m })));
  $('prop-owner').value = ownerKey(f);
  $('prop-name').value = f.name;
  $('prop-required').checked = f.required;
  $('prop-required').disabled = f.type === 'date_signed_field';
  const choice = f.type === 'radio_field' || f.type === 'checkbox_field';
  const text = f.type === 'text_field';
  document.querySelector('#field-props .choice-only').hidden = !choice;
  document.querySelector('#field-props .text-only').hidden = !text;
  $('prop-group').value = f.group;
  $('prop-width').value = String(pct(f.width));
  $('prop-prefill').value = f.prefill;
  $('prop-readonly').checked = f.readonly;
  $('prop-help').value = f.help;
  $('prop-pattern').value = f.pattern;
  $('prop-pattern-message').value = f.patternMessage;
}

function ownerKey(f) {
  return f.witness ? f.recipient.uid + 'w' : String(f.recipient.uid);
}

function bindProps() {
  const on = (id, event, apply) => $(id).addEventListener(event, (e) => {
    const f = state.selected;
    if (!f) return;
    apply(f, e.target);
    drawField(f);
    $('prop-what').textContent = describe(f);
    listFields();
  });
  on('prop-owner', 'change', (f, el) => {
    const owner = ownerByKey(el.value);
    if (owner) { f.recipient = owner.recipient; f.witness = owner.witness; }
  });
  on('prop-name', 'input', (f, el) => { f.name = el.value; });
  on('prop-required', 'change', (f, el) => { f.required = el.checked; });
  on('prop-group', 'input', (f, el) => { f.group = el.value; });
  on('prop-width', 'change', (f, el) => {
    const v = Number(el.value) / 100;
    if (v > 0) { f.width = Math.min(Math.max(v, DATA.minTextWidth), 0.999 - f.x); clamp(f); }
    el.value = String(pct(f.width));
  });
  on('prop-prefill', 'input', (f, el) => { f.prefill = el.value; });
  on('prop-readonly', 'change', (f, el) => { f.readonly = el.checked; });
  on('prop-help', 'input', (f, el) => { f.help = el.value; });
  on('prop-pattern', 'input', (f, el) => { f.pattern = el.value; });
  on('prop-pattern-message', 'input', (f, el) => { f.patternMessage = el.value; });
  $('prop-remove').addEventListener('click', () => {
    const f = state.selected;
    if (!f) return;
    const page = f.page;
    removeField(f);
    announce(fmt(T.removed, typeName(f.type)));
    page.wrap.focus();
  });
}

// Every placed field as a list: a way to find and select each without pointing at it.
function listFields() {
  const list = $('field-list');
  if (!state.fields.length) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'hint', textContent: T.noFields }));
    return;
  }
  list.replaceChildren(...state.fields.map((f) => {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = describe(f) + (f.errors.length ? ' \u2013 ' + f.errors.join(' ') : '');
    button.addEventListener('click', () => select(f, true));
    li.append(button);
    return li;
  }));
}

// ---------- preview ----------

function togglePreview() {
  const button = $('preview-toggle');
  const owner = ownerByKey($('preview-as').value);
  state.preview = state.preview || !owner ? null : owner;
  cancelCandidate(false);
  arm(null);
  button.setAttribute('aria-pressed', String(!!state.preview));
  $('pages').classList.toggle('previewing', !!state.preview);
  document.querySelectorAll('.palette .chip').forEach((chip) => { chip.disabled = !!state.preview; });
  state.fields.forEach((f) => {
    drawField(f);
    f.el.tabIndex = state.preview ? -1 : 0;
  });
  const summary = $('preview-summary');
  summary.hidden = !state.preview;
  summary.replaceChildren();
  if (!state.preview) return;
  const mine = state.fields.filter((f) => f.recipient === state.preview.recipient && f.witness === state.preview.witness);
  const heading = document.createElement('p');
  heading.textContent = mine.length ? fmt(T.previewOf, ownerLabel(state.preview), mine.length) : T.previewNone;
  const list = document.createElement('ul');
  mine.forEach((f) => {
    const li = document.createElement('li');
    const required = f.required ? '' : ' (' + T.optional + ')';
    li.textContent = typeName(f.type) + ': ' + previewText(f) + required + ' \u2013 ' + fmt(T.field, f.page.doc.name, f.page.number);
    list.append(li);
  });
  summary.append(heading, list);
}

// ---------- the request ----------

function tagJson(f) {
  const tag = {
    type: f.type, name: f.name, file_name: f.page.doc.name, page_number: f.page.number, x: f.x, y: f.y,
    optional: !f.required,
  };
  if ((f.type === 'radio_field' || f.type === 'checkbox_field') && f.group.trim()) tag.tag_group_name = f.group.trim();
  if (f.type === 'text_field') {
    tag.width = f.width;
    if (f.prefill) tag.prefilled_value = f.prefill;
    if (f.readonly) tag.readonly = true;
    if (f.help.trim()) tag.help_text = f.help.trim();
    if (f.pattern) {
      tag.validation = { regex: f.pattern };
      if (f.patternMessage.trim()) tag.validation.error_message = f.patternMessage.trim();
    }
  }
  return tag;
}

// The options JSON of POST /v2/envelopes, and where each of its paths came from on the page.
function request() {
  const where = new Map();
  const recipients = state.recipients.map((r, i) => {
    const path = 'recipients[' + i + ']';
    where.set(path, { recipient: r });
    if (r.kind === 'cc') return { type: 'CC', name: r.name.trim(), email: r.email.trim() };
    const tags = (witness, at) => state.fields.filter((f) => f.recipient === r && f.witness === witness).map((f, j) => {
      where.set(at + '[' + j + ']', { field: f });
      return tagJson(f);
    });
    const json = { name: r.name.trim(), email: r.email.trim(), sign_group: r.group, tags: tags(false, path + '.tags') };
    json.active_for_seconds = Math.round(Number($('expiry').value || 0) * 86400);
    if (r.auth === 'idv') {
      json.auth_type = 'idv';
      json.verification = { idv: { session_config_name: r.idv } };
    } else if (r.auth === 'sign-auth') {
      json.auth_type = 'sign-auth';
    }
    if (r.mobile || r.country) {
      json.iso_country_code = r.country;
      json.mobile_number = r.mobile;
    }
    if (r.witness) json.witness = { tags: tags(true, path + '.witness.tags') };
    return json;
  });
  const options = { name: $('envelope-name').value.trim(), recipients };
  const emails = {};
  if ($('message').value.trim()) emails.invitation = { body: { message: $('message').value.trim() } };
  if ($('reminders').value !== '0') emails.reminders = { frequency: Number($('reminders').value) };
  if (Object.keys(emails).length) options.emails = emails;
  if ($('otp').checked) options.has_envelope_otps = true;
  return { options, where };
}

const TOP_LEVEL = [
  [/^name$/, 'envelope-name'], [/^emails\.invitation/, 'message'], [/^(emails\.)?reminders/, 'reminders'],
  [/^has_envelope_otps/, 'otp'], [/^file/, 'files'],
];
const RECIPIENT_FIELDS = [
  [/^name$/, 'name'], [/^email$/, 'email'], [/^sign_group$/, 'group'], [/^auth_type$/, 'auth'],
  [/^verification/, 'idv'], [/^iso_country_code$/, 'country'], [/^mobile_number$/, 'mobile'],
  [/^witness/, 'witness'],
];

// The API's error body, each problem shown next to what it names, and all of them listed at the top.
function showProblems(problem, where) {
  $('problems-intro').textContent = T.errorsIntro + ' ' + problem.message;
  const list = $('problems-list');
  const messages = new Map();
  for (const error of problem.errors || []) {
    const target = locate(error.field, where);
    const li = document.createElement('li');
    li.append((target.label ? target.label + ': ' : '') + error.message);
    if (target.field) {
      target.field.errors.push(error.message);
      drawField(target.field);
      const show = document.createElement('button');
      show.type = 'button';
      show.className = 'link';
      show.textContent = T.showField;
      show.addEventListener('click', () => select(target.field, true));
      li.append(' ', show);
    } else if (target.note) {
      target.note.textContent = (target.note.textContent + ' ' + error.message).trim();
      target.note.hidden = false;
    } else if (target.el) {
      const text = (messages.get(target.el) || []).concat(error.message);
      messages.set(target.el, text);
      setError(target.el, text.join(' '));
      const el = target.el;
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'link';
      go.textContent = T.showField;
      go.addEventListener('click', () => el.focus());
      li.append(' ', go);
    }
    list.append(li);
  }
  listFields();
  if (state.selected) showProps(state.selected);
  $('problems').hidden = false;
  $('problems').focus();
}

function locate(path, where) {
  const field = /^(recipients\[\d+\](?:\.witness)?\.tags\[\d+\])/.exec(path || '');
  if (field && where.get(field[1])) {
    const f = where.get(field[1]).field;
    return { field: f, label: describe(f) };
  }
  const recipient = /^(recipients\[\d+\])\.?(.*)$/.exec(path || '');
  if (recipient && where.get(recipient[1])) {
    const r = where.get(recipient[1]).recipient;
    if (/^active_for_seconds$/.test(recipient[2])) return { el: $('expiry'), label: recipientLabel(r) };
    const rule = RECIPIENT_FIELDS.find(([re]) => re.test(recipient[2]));
    const el = rule && r.el.querySelector('#r' + r.uid + '-' + rule[1]);
    if (el) return { el, label: recipientLabel(r) };
    return { note: r.el.querySelector('#r' + r.uid + '-error'), label: recipientLabel(r) + ' (' + recipient[2] + ')' };
  }
  if (path === 'recipients') return { note: $('recipients-error'), label: $('recipients-heading').textContent };
  const top = TOP_LEVEL.find(([re]) => re.test(path || ''));
  if (top) return { el: $(top[1]), label: document.querySelector('label[for="' + top[1] + '"]').textContent };
  return { label: path || '' };
}

async function errorBody(answer) {
  try {
    const problem = await answer.json();
    return problem && problem.message ? problem : null;
  } catch (e) {
    return null;
  }
}

function post(url, form, accept) {
  return fetch(url, {
    method: 'POST', body: form, credentials: 'same-origin',
    headers: { [body.dataset.csrfHeader]: body.dataset.csrf, Accept: accept || 'application/json' },
  });
}

async function send(e) {
  e.preventDefault();
  if (state.preview) togglePreview();
  cancelCandidate(false);
  clearErrors();
  const { options, where } = request();
  const form = new FormData();
  state.docs.forEach((d) => form.append('file', d.file, d.name));
  form.append('options', JSON.stringify(options));
  const button = $('send');
  button.disabled = true;
  $('sending').textContent = T.sending;
  let answer;
  try {
    answer = await post(body.dataset.send, form);
  } catch (failure) {
    answer = null;
  }
  button.disabled = false;
  $('sending').textContent = '';
  if (answer && answer.status === 202) {
    const created = await answer.json();
    $('send-form').hidden = true;
    $('sent').dataset.envelopeId = created.envelope_id;
    $('sent-text').textContent = fmt(T.sent, options.name);
    $('sent').hidden = false;
    $('sent').setAttribute('role', 'status');
    $('sent').focus();
    return;
  }
  const problem = answer ? await errorBody(answer) : null;
  if (problem) showProblems(problem, where);
  else showProblems({ message: answer && answer.status === 403 ? T.expired : T.failed, errors: [] }, where);
}

// ---------- start ----------

function start() {
  $('files').addEventListener('change', (e) => {
    addFiles([...e.target.files]);
    e.target.value = '';
  });
  $('add-signer').addEventListener('click', () => addRecipient('signer').el.querySelector('input').focus());
  $('add-cc').addEventListener('click', () => addRecipient('cc').el.querySelector('input').focus());
  $('place-type').addEventListener('change', () => announce(fmt(T.selected, typeName($('place-type').value))));
  document.querySelectorAll('.palette .chip').forEach((chip) => {
    chip.addEventListener('pointerdown', (e) => dragChip(chip, e));
    noFling(chip);
    chip.addEventListener('click', () => {
      // The click that ends a drag is not a choice.
      if (chip.dataset.dragged) {
        delete chip.dataset.dragged;
        return;
      }
      if (state.armed === chip.dataset.type) {
        arm(null);
        announce(T.cancelled);
        return;
      }
      $('place-type').value = chip.dataset.type;
      arm(chip.dataset.type);
      announce(fmt(T.selected, typeName(chip.dataset.type)));
    });
  });
  arm(null);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.armed && !state.candidate) {
      arm(null);
      announce(T.cancelled);
    }
  });
  $('preview-toggle').addEventListener('click', togglePreview);
  $('send-form').addEventListener('submit', send);
  bindProps();
  let resizing = null;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(renderPages, 200);
  });
  addRecipient('signer');
  listFields();
  body.dataset.started = 'true';
}

start();
