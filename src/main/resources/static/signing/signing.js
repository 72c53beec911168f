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
let pdfjs;
let fields = [];
let pages = [];
let zoom = 1;
let editing = null;
let guided = false;
let guideAt = 0;
let storeKey = null;
const narrow = window.matchMedia('(max-width: 600px)');
const NEXT_TEXT = $('guide-next').textContent;
const FINISH_TEXT = $('finish').textContent;

// Messages go to the live region at the top of the viewer (it stays in view, under the toolbar).
// kind 'error' shows them as errors; reload offers to reload the page when nothing else can help.
function status(text, kind, reload) {
  $('status').textContent = text;
  $('message').className = 'message' + (text && kind ? ' ' + kind : '');
  $('status-reload').hidden = !reload;
}

function clearError() {
  if ($('message').classList.contains('error') && $('status-reload').hidden) status('');
}

// What the signer waits for is the first page: everything it needs is asked for at once (the view,
// the documents, pdf.js and its worker; most of it already fetched ahead, see fetchAhead), page 1 is
// drawn as soon as it can be, and every other page is drawn when it comes near the screen. The marks
// signet:start and signet:first-page measure it (bench/README.md); #signing gets data-ready once
// page 1 is drawn and every field is in place.
async function start() {
  performance.mark('signet:start');
  $('landing').hidden = true;
  $('signing').hidden = false;
  status(T.loading);
  // Page 1 as an image comes first: pdf.js is asked for once it has come (or failed, or kept us waiting
  // PDFJS_HOLD_MS), so that the two do not share a slow network. Fetched ahead, neither waits.
  const image = firstImageLoaded();
  if (image) image.then(showFirstImage).catch(() => {});
  const held = image ? Promise.race([image.catch(() => {}), new Promise((go) => setTimeout(go, PDFJS_HOLD_MS))]) : null;
  const library = held ? held.then(loadPdfJs) : loadPdfJs();
  library.catch(() => {});
  let first;
  try {
    const loaded = await documentsLoaded();
    view = loaded.view;
    pdfjs = await library;
    for (let i = 0; i < view.documents.length; i++) {
      const doc = view.documents[i];
      const pdf = await pdfjs.getDocument({ data: await loaded.files[i], isEvalSupported: false, enableXfa: false }).promise;
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const p = addPage(doc, pdf, page, n, pdf.numPages, await page.getAnnotations());
        if (pages.length === 1) first = draw(p);
      }
    }
  } catch (e) {
    status(T.load_failed, 'error', true);
    return;
  }
  const fonts = loadFonts();
  storeKey = await findStoreKey();
  relayout();
  buildFields();
  restore();
  applyRules();
  status('');
  setGuided(narrow.matches);
  if (guided) $('guide-label').focus();
  else $('next-field').focus();
  // The values are drawn in the PDF's own fonts; until those have come they are measured in a fallback.
  await Promise.all([fonts, first]);
  fields.forEach(placeValue);
  $('signing').dataset.ready = 'true';
  textLayers();
}

// pdf.js and its worker, the largest file, both asked for now, side by side.
function loadPdfJs() {
  const base = body.dataset.pdfjs;
  let port = null;
  try {
    port = new Worker(base + 'pdf.worker.min.mjs', { type: 'module' });
  } catch (e) {
    // pdf.js starts its own worker then.
  }
  return import(base + 'pdf.min.mjs').then((lib) => {
    if (port) lib.GlobalWorkerOptions.workerPort = port;
    else lib.GlobalWorkerOptions.workerSrc = base + 'pdf.worker.min.mjs';
    return lib;
  });
}

// A signer reads the landing page before tapping "Review and sign"; on a slow phone network that is
// the time to fetch what the viewer needs. Once the page has loaded and the browser is idle, the view
// and the documents are fetched into this page's memory (they are no-store: never into a cache), and
// pdf.js and its worker into the HTTP cache (versioned, immutable addresses), at low priority and
// without running either: the landing page draws exactly as before, and no pdf.js code runs until the
// signer asks for the documents. This script is only on a page whose signer may see the documents
// (no OTP or identity check owed, a valid link). Nothing is fetched ahead when the browser asks to
// save data. What was fetched ahead is used for AHEAD_FRESH_MS; a failed or older one is fetched again.
const AHEAD_FRESH_MS = 5 * 60 * 1000;
let ahead = null;

function fetchDocuments(priority) {
  const fetched = Date.now();
  const view = fetch(api, { headers: { Accept: 'application/json' }, priority }).then((r) => {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.json();
  });
  // The landing page lists the documents, so they are asked for beside the view, not after it.
  const listed = [...document.querySelectorAll('#documents [data-id]')].map((li) => li.dataset.id);
  const byId = new Map(listed.map((id) => [id, fetchFile(id, priority)]));
  byId.forEach((f) => f.catch(() => {}));
  const loaded = view.then((v) => {
    const files = v.documents.map((doc) => byId.get(doc.id) || fetchFile(doc.id, priority));
    files.forEach((f) => f.catch(() => {}));
    return { view: v, files };
  });
  loaded.catch(() => {});
  return { fetched, loaded };
}

function fetchFile(id, priority) {
  return fetch(api + '/documents/' + encodeURIComponent(id), { priority }).then((r) => {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.arrayBuffer();
  });
}

function fetchAhead() {
  if (ahead || !$('landing') || $('landing').hidden) return;
  if (navigator.connection && navigator.connection.saveData) return;
  performance.mark('signet:ahead');
  aheadImage = fetchFirstImage('low');
  ahead = fetchDocuments('low');
  const base = body.dataset.pdfjs;
  for (const file of ['pdf.min.mjs', 'pdf.worker.min.mjs']) {
    fetch(base + file, { priority: 'low' }).then((r) => r.arrayBuffer()).catch(() => {});
  }
}

// Page 1 of the first document drawn by the server, an image that shows while pdf.js is on its way
// (slow networks, slow phones). Asked for at most 2 device pixels a CSS pixel: it shows for seconds
// and each further pixel costs bytes on the network that pdf.js waits for. The server keeps out this
// signer's own fields, as pdf.js does (hideOwnWidgets). An image that fails changes nothing.
const PDFJS_HOLD_MS = 1500;
let aheadImage = null;
let firstImage = null;

function fetchFirstImage(priority) {
  const address = $('documents') && $('documents').dataset.firstPage;
  if (!address || typeof createImageBitmap !== 'function') return null;
  const width = Math.round(document.documentElement.clientWidth * Math.min(window.devicePixelRatio || 1, 2));
  const image = fetch(address + '?width=' + width, { priority }).then((r) => {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.blob();
  }).then((blob) => createImageBitmap(blob));
  image.catch(() => {});
  return { fetched: Date.now(), image };
}

// The image fetched ahead if it is fresh and did not fail, else one asked for now.
function firstImageLoaded() {
  const before = aheadImage && Date.now() - aheadImage.fetched < AHEAD_FRESH_MS ? aheadImage : null;
  aheadImage = null;
  if (before) return before.image.catch(() => fetchFirstImage('high')?.image ?? Promise.reject());
  const now = fetchFirstImage('high');
  return now ? now.image : null;
}

// A page box of the image's shape where page 1 will be, the image drawn into its canvas; pdf.js's page 1
// takes this box over (addPage), so nothing moves when the real page is drawn. Not once pdf.js was first.
function showFirstImage(bitmap) {
  const li = document.querySelector('#documents [data-id]');
  if (pages.length || firstImage || !li || !bitmap.width) return;
  const label = document.createElement('p');
  label.className = 'page-label';
  label.textContent = li.dataset.name + (li.dataset.pages ? ' \u2013 ' + fmt(T.page_of, 1, li.dataset.pages) : '');
  const wrap = document.createElement('div');
  wrap.className = 'page';
  const width = Math.floor($('pages').clientWidth * zoom);
  wrap.style.width = width + 'px';
  wrap.style.height = Math.floor((width * bitmap.height) / bitmap.width) + 'px';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  wrap.append(canvas);
  $('pages').append(label, wrap);
  firstImage = { id: li.dataset.id, label, wrap, canvas };
  performance.mark('signet:first-page');
  status(T.loading_fields);
}

// The view and the documents: those fetched ahead if they are fresh; a document whose fetch ahead
// failed, or everything when the view's did, is fetched again now.
async function documentsLoaded() {
  if (ahead && Date.now() - ahead.fetched < AHEAD_FRESH_MS) {
    try {
      const { view: v, files } = await ahead.loaded;
      return { view: v, files: v.documents.map((doc, i) => files[i].catch(() => fetchFile(doc.id, 'auto'))) };
    } catch (e) {
      // The view's fetch failed: the link may have been renewed or the network come back.
    }
  }
  ahead = null;
  return fetchDocuments('auto').loaded;
}

function afterLoad() {
  const idle = window.requestIdleCallback || ((run) => setTimeout(run, 200));
  idle(fetchAhead, { timeout: 2000 });
}

function addPage(doc, pdf, page, number, count, annotations) {
  // Page 1 shown as an image keeps its box and its canvas until pdf.js has drawn the page (draw).
  const shown = !pages.length && firstImage && firstImage.id === doc.id && number === 1 ? firstImage : null;
  const label = shown ? shown.label : document.createElement('p');
  label.className = 'page-label';
  label.textContent = doc.name + ' \u2013 ' + fmt(T.page_of, number, count);
  const wrap = shown ? shown.wrap : document.createElement('div');
  wrap.className = 'page';
  wrap.dataset.document = doc.id;
  wrap.dataset.page = String(number);
  const canvas = shown ? shown.canvas : document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  // The page's text, transparent over the canvas: read by screen readers, found by the browser's search.
  const text = document.createElement('div');
  text.className = 'textLayer';
  if (shown) {
    wrap.append(text);
  } else {
    if (!pages.length && firstImage) {
      // The image was of another document than pdf.js shows first: it goes.
      firstImage.label.remove();
      firstImage.wrap.remove();
    }
    wrap.append(canvas, text);
    $('pages').append(label, wrap);
  }
  const widgets = annotations.filter((a) => a.subtype === 'Widget');
  const p = {
    doc, pdf, page, number, scale: 1, wrap, canvas, text, size: page.getViewport({ scale: 1 }), widgets,
    task: null, layer: null, drawn: null, textAt: null, near: false,
  };
  pages.push(p);
  hideOwnWidgets(p);
  layout(p);
  nearScreen.observe(wrap);
  return p;
}

// This signer's own widgets are not drawn by the page (noView): the overlays draw their values. Set
// before the page is first drawn, so that no prefilled value shows twice, even for a moment.
function hideOwnWidgets(p) {
  for (const tag of view.tags.filter((t) => t.document_id === p.doc.id && t.page_number === p.number)) {
    const widget = widgetOf(tag, p);
    if (widget) p.pdf.annotationStorage.setValue(widget.id, { noView: true });
  }
}

// A page is drawn when it comes within a screen's height of being seen; pages far away wait.
const nearScreen = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const p = pages.find((x) => x.wrap === entry.target);
    if (!p) continue;
    p.near = entry.isIntersecting;
    if (p.near && p.drawn !== p.scale) draw(p);
  }
}, { rootMargin: '100% 0px' });

// The page's size at the current width and zoom; its drawing is redone when next seen.
function layout(p) {
  const scale = ($('pages').clientWidth / p.size.width) * zoom;
  p.scale = scale;
  p.wrap.style.width = Math.floor(p.size.width * scale) + 'px';
  p.wrap.style.height = Math.floor(p.size.height * scale) + 'px';
}

async function draw(p) {
  const scale = p.scale;
  const viewport = p.page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
  if (p.task) p.task.cancel();
  p.drawn = scale;
  // Drawn off screen first, so that the page shown never goes blank while a new zoom is drawn.
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const task = p.page.render({
    canvasContext: canvas.getContext('2d'), viewport, annotationMode: pdfjs.AnnotationMode.ENABLE_STORAGE,
  });
  p.task = task;
  try {
    await task.promise;
  } catch (e) {
    return; // a newer drawing of the same page cancelled this one
  }
  p.canvas.replaceWith(canvas);
  p.canvas = canvas;
  if (p === pages[0] && !performance.getEntriesByName('signet:first-page').length) {
    performance.mark('signet:first-page');
  }
  if (p.textAt !== scale) await renderText(p, scale);
}

async function renderText(p, scale) {
  if (p.layer) p.layer.cancel();
  p.textAt = scale;
  p.text.replaceChildren();
  p.text.style.setProperty('--scale-factor', String(scale));
  p.layer = new pdfjs.TextLayer({ textContentSource: p.page.streamTextContent(), container: p.text, viewport: p.page.getViewport({ scale }) });
  try {
    await p.layer.render();
  } catch (e) {
    // A newer render cancelled this one, or the page has no text to show.
  }
}

// Every page's text, also of pages not drawn yet, one page after the other: the whole document is read
// by a screen reader and found by the browser's search, while only the pages near the screen are drawn.
let textRound = 0;

async function textLayers() {
  const round = ++textRound;
  for (const p of pages) {
    if (round !== textRound) return;
    if (p.textAt !== p.scale) await renderText(p, p.scale);
  }
}

// After a zoom or a new width: every page takes its new size, the pages near the screen are drawn again.
async function relayout() {
  $('zoom-level').textContent = Math.round(zoom * 100) + '%';
  pages.forEach(layout);
  fields.forEach(placeValue);
  await Promise.all(pages.filter((p) => p.near && p.drawn !== p.scale).map(draw));
  if ($('signing').dataset.ready) textLayers();
}

function buildFields() {
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
    const attrs = tag.attributes || {};
    const f = { tag, attrs, page: p, value: null, display: null, required: !tag.optional, hidden: false, error: null };
    f.label = attrs.help_text || words(tag.name);
    f.group = tag.type === 'radio_field' ? words(tag.tag_group_name) : null;
    f.title = f.group ? f.group + ': ' + f.label : f.label;
    if (tag.type === 'text_field' && attrs.prefilled_value) f.value = attrs.prefilled_value;
    if (tag.type === 'checkbox_field' || tag.type === 'radio_field') f.value = 'false';
    f.el = fieldElement(f);
    const box = fieldBox(tag, p);
    f.widget = box.widget;
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
function widgetOf(tag, p) {
  return p.widgets.find((a) => a.fieldName === tag.field_name
      && (tag.field_state == null || a.buttonValue === tag.field_state));
}

function fieldBox(tag, p) {
  const widget = widgetOf(tag, p);
  if (!widget) {
    // Every tag Signet prepares has a widget; should one be missing, the tag's point still shows it.
    return { left: tag.x, top: tag.y, width: 0.1, height: 0.03 };
  }
  const [x1, y1, x2, y2] = p.size.convertToViewportRectangle(widget.rect);
  return {
    widget,
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
    if (type === 'date_signed_field') {
      const d = today();
      f.display = d.year + '-' + String(d.month).padStart(2, '0') + '-' + String(d.day).padStart(2, '0');
    }
    return el;
  }
  el.type = 'button';
  if (type === 'checkbox_field' || type === 'radio_field') {
    el.setAttribute('aria-pressed', 'false');
    el.addEventListener('click', () => (guided ? guideToField(f) : toggle(f)));
  } else {
    el.addEventListener('click', () => (guided ? guideToField(f) : openEditor(f)));
  }
  return el;
}

// A tag's name in words, for a label when the sender gave no help text: "has_company" → "Has company".
function words(name) {
  const text = String(name || '').slice(0, 200)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.~:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

// Date of signing and read-only text: shown, never filled in by the signer.
function isFixed(f) {
  return f.tag.type === 'date_signed_field' || (f.tag.type === 'text_field' && !!f.attrs.readonly);
}

function setValue(f, value) {
  f.value = value;
  f.error = null;
}

function toggle(f) {
  if (f.tag.type === 'radio_field') {
    fields.filter((o) => o.tag.type === 'radio_field' && o.tag.tag_group_name === f.tag.tag_group_name)
      .forEach((o) => { setValue(o, 'false'); show(o); });
    setValue(f, 'true');
  } else {
    setValue(f, f.value === 'true' ? 'false' : 'true');
  }
  show(f);
  clearError();
  applyRules();
  if (guided) guideStepLine();
}

function hasValue(f) {
  if (f.hidden || f.value === null || f.value === '') return false;
  return (f.tag.type !== 'checkbox_field' && f.tag.type !== 'radio_field') || f.value === 'true';
}

function done(f) {
  if (f.tag.type === 'date_signed_field') return true;
  if (f.error) return false;
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
  el.classList.toggle('invalid', !!f.error);
  el.hidden = f.hidden;
  const state = f.tag.type === 'date_signed_field' ? f.display
    : (f.attrs.readonly ? f.value + ', ' + T.read_only : (filled ? T.filled : T.empty));
  el.setAttribute('aria-label', f.title + ', ' + T[f.tag.type] + ', ' + (f.required ? T.required : T.optional) + ', '
    + state + (f.error ? ', ' + T.fix_field + ' ' + f.error : ''));
  if (el.tagName === 'BUTTON' && (f.tag.type === 'checkbox_field' || f.tag.type === 'radio_field')) {
    el.setAttribute('aria-pressed', String(f.value === 'true'));
    return;
  }
  el.replaceChildren();
  if (f.tag.type === 'date_signed_field' || f.attrs.readonly) {
    const span = document.createElement('span');
    span.className = 'value';
    span.textContent = f.display || f.value || '';
    el.append(span);
  } else if (f.value && f.value.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.src = f.value;
    img.alt = '';
    el.append(img);
  } else if (f.value && f.tag.type === 'attachment') {
    el.textContent = 'PDF \u2713';
  } else if (f.value) {
    const span = document.createElement('span');
    span.className = f.tag.type === 'text_field' ? 'value' : 'value typed';
    span.textContent = f.tag.type === 'text_field' ? f.value : f.value.trim();
    el.append(span);
  }
  if (f.value && f.tag.type === 'signature') {
    const line = document.createElement('span');
    line.className = 'value caption';
    line.textContent = caption();
    el.append(line);
  }
  placeValue(f);
}

// The line the signed PDF has under a signature (FieldFiller.Caption): the signer's name and the day of
// signing as DocumentSigning writes it, "3 Dec 2026".
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function caption() {
  const d = today();
  const date = d.day + ' ' + MONTHS[d.month - 1] + ' ' + d.year;
  const name = String((view.recipient && view.recipient.name) || '').trim();
  return name ? name + '  \u00b7  ' + date : date;
}

// Today as the server dates this signer's signature: in the envelope's time zone for them, else UTC.
function today() {
  const options = { year: 'numeric', month: 'numeric', day: 'numeric' };
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone: (view.recipient && view.recipient.time_zone) || 'UTC' })
      .formatToParts(new Date());
  } catch (e) {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).formatToParts(new Date());
  }
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

// What the PDF will have, drawn at the same place, size and font (tagging.FieldFiller, TextSizes and
// SignatureDrawing on the server): sizes in points, times the page's scale in CSS px per point.
const TEXT_FONT = '"Signet Text"';
const SCRIPT_FONT = '"Signet Script"';
// The fonts' typographic ascender and descender (OS/2, per em), which SignatureDrawing centres on.
const SCRIPT_ASCENT = 0.92;
const SCRIPT_DESCENT = -0.28;
const TEXT_ASCENT = 1.069;
const TEXT_DESCENT = -0.293;
const CAPTION_SIZE = 6;
const CAPTION_HEIGHT = CAPTION_SIZE * 1.5;
const BORDER = 2;  // .field's border, in CSS px: its children are placed inside it
let measure;

async function loadFonts() {
  try {
    await Promise.all([document.fonts.load('10px ' + TEXT_FONT), document.fonts.load('10px ' + SCRIPT_FONT)]);
  } catch (e) {
    // A fallback font is used; the sizes are still computed from it.
  }
}

function metrics(font, text) {
  if (!measure) measure = document.createElement('canvas').getContext('2d');
  measure.font = '100px ' + font;
  const m = measure.measureText(text);
  return {
    width: m.width / 100, ascent: m.actualBoundingBoxAscent / 100, descent: -m.actualBoundingBoxDescent / 100,
    fontAscent: m.fontBoundingBoxAscent / 100, fontDescent: m.fontBoundingBoxDescent / 100,
  };
}

// A line of text whose baseline is `baseline` points above the box's bottom, `left` points from its left
// (or centred when left is null), at `size` points.
function placeLine(span, font, size, baseline, left, box, scale) {
  const m = metrics(font, span.textContent);
  const px = size * scale;
  const line = (m.fontAscent + m.fontDescent) * px;
  Object.assign(span.style, {
    fontFamily: font, fontSize: px + 'px', lineHeight: line + 'px',
    top: ((box.height - baseline) * scale - m.fontAscent * px - BORDER) + 'px',
    left: left === null ? (((box.width - m.width * size) / 2) * scale - BORDER) + 'px' : (left * scale - BORDER) + 'px',
  });
}

function placeValue(f) {
  const child = f.el.firstElementChild;
  const box = f.widget && fieldBoxPoints(f);
  if (!child || !box) return;
  const scale = f.page.scale;
  const type = f.tag.type;
  if (type === 'text_field' || type === 'date_signed_field') {
    // TextSizes.fit: 10 pt, smaller when the value is wider than the box less 4 pt, never below 4 pt.
    const value = child.textContent;
    const natural = metrics(TEXT_FONT, value).width;
    let size = natural <= 0 ? 10 : Math.min(10, (box.width - 4) / natural);
    size = Math.max(4, Math.floor(size * 10) / 10);
    const xg = metrics(TEXT_FONT, 'Xg');
    placeLine(child, TEXT_FONT, size, (box.height - size * (xg.ascent - xg.descent)) / 2 - size * xg.descent, 2, box, scale);
    return;
  }
  if (type !== 'signature' && type !== 'initials') return;
  // SignatureDrawing: 1 pt padding; under a signature 9 pt for the caption.
  const bottom = 1 + (type === 'signature' ? CAPTION_HEIGHT : 0);
  const area = { x: 1, y: bottom, width: box.width - 2, height: box.height - 1 - bottom };
  const line = f.el.querySelector('.caption');
  if (line) {
    // 6 pt of Noto Sans, smaller when wider than the area, centred in the 9 pt under the signature.
    const size = Math.min(CAPTION_SIZE, (0.98 * area.width) / Math.max(metrics(TEXT_FONT, line.textContent).width, 0.01));
    placeLine(line, TEXT_FONT, size, 1 + (CAPTION_HEIGHT - (TEXT_ASCENT - TEXT_DESCENT) * size) / 2 - TEXT_DESCENT * size,
      null, box, scale);
  }
  if (child.tagName === 'IMG') {
    Object.assign(child.style, {
      left: (area.x * scale - BORDER) + 'px', top: (1 * scale - BORDER) + 'px',
      width: area.width * scale + 'px', height: area.height * scale + 'px',
    });
    return;
  }
  const natural = Math.max(metrics(SCRIPT_FONT, child.textContent).width, 0.01);
  const size = Math.min(28, area.height / 1.3, (0.95 * area.width) / natural);
  placeLine(child, SCRIPT_FONT, size,
    area.y + (area.height - (SCRIPT_ASCENT - SCRIPT_DESCENT) * size) / 2 - SCRIPT_DESCENT * size, null, box, scale);
}

// The widget's box in points as the page is seen: on a page turned by /Rotate 90 or 270 its sides swap.
function fieldBoxPoints(f) {
  const r = f.widget.rect;
  const width = Math.abs(r[2] - r[0]);
  const height = Math.abs(r[3] - r[1]);
  return f.page.page.rotate % 180 === 0 ? { width, height } : { width: height, height: width };
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
  keep();
}

// What the signer fills in, in page order: each field once, a radio group once, nothing read-only.
function units() {
  const out = [];
  const seen = new Set();
  for (const f of fields) {
    if (f.hidden || isFixed(f)) continue;
    if (f.tag.type === 'radio_field') {
      if (seen.has(f.tag.tag_group_name)) continue;
      seen.add(f.tag.tag_group_name);
      out.push(groupOf(f));
    } else {
      out.push([f]);
    }
  }
  return out;
}

function missing() {
  return units().filter((u) => u[0].required && !done(u[0])).map((u) => u[0]);
}

function progress() {
  const required = units().filter((u) => u[0].required);
  const finished = required.filter((u) => done(u[0])).length;
  const all = finished === required.length;
  $('progress').textContent = all ? T.all_done : fmt(T.progress, finished, required.length);
  $('finish').classList.toggle('primary', all);
  $('next-field').classList.toggle('primary', !all);
}

function nextField() {
  const next = missing()[0];
  if (!next) {
    status(T.all_done);
    $('finish').focus();
    return;
  }
  if (guided) {
    guideToField(next);
    $('guide-label').focus();
    return;
  }
  reveal(next.el);
  next.el.focus();
}

// Scrolls the page so that the element sits in the middle of what is visible between the toolbar
// and, in guided mode, the guide at the bottom; a zoomed page is panned sideways too.
function reveal(el) {
  const top = document.querySelector('.viewer-head').getBoundingClientRect().bottom;
  const bottom = guided ? $('guide').getBoundingClientRect().top : window.innerHeight;
  const r = el.getBoundingClientRect();
  window.scrollTo({ top: Math.max(0, window.scrollY + r.top - top - Math.max(0, (bottom - top - r.height) / 2)) });
  const pane = $('pages');
  const box = pane.getBoundingClientRect();
  const shown = el.getBoundingClientRect();
  if (shown.left < box.left || shown.right > box.right) {
    pane.scrollLeft += shown.left - box.left - Math.max(0, (box.width - shown.width) / 2);
  }
}

// The editor dialog for text, signature, initials and attachment fields.
let drawn = false;
let uploaded = null;

function openEditor(f) {
  editing = f;
  const type = f.tag.type;
  $('field-title').textContent = f.title;
  $('field-help').textContent = T[type] + ', ' + (f.required ? T.required : T.optional)
    + (f.attrs.help_text && f.attrs.help_text !== f.label ? ' \u2013 ' + f.attrs.help_text : '');
  $('field-error').textContent = '';
  $('text-editor').hidden = type !== 'text_field';
  $('sign-editor').hidden = type !== 'signature' && type !== 'initials';
  $('file-editor').hidden = type !== 'attachment';
  $('text-input').value = type === 'text_field' ? (f.value || '') : '';
  $('text-input').placeholder = f.attrs.help_text || '';
  $('attachment-input').value = '';
  $('sign-file').value = '';
  uploaded = null;
  $('upload-preview').hidden = true;
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
  setValue(f, value);
  clearError();
  closeEditor();
  applyRules();
  if (guided) showGuide(guideAt);
}

function closeEditor() {
  $('field-dialog').close();
  const f = editing;
  editing = null;
  if (guided) $('guide-next').focus();
  else if (f) f.el.focus();
}

function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// An uploaded image becomes a PNG on a canvas, whatever its format was: its paper made transparent
// and trimmed away, so that it leaves no white box in the PDF, then scaled to fit 600 × 200.
async function loadImage(file) {
  uploaded = null;
  $('field-error').textContent = '';
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const work = document.createElement('canvas');
    const first = Math.min(1, 1200 / img.naturalWidth, 400 / img.naturalHeight);
    work.width = Math.max(1, Math.round(img.naturalWidth * first));
    work.height = Math.max(1, Math.round(img.naturalHeight * first));
    const wctx = work.getContext('2d', { willReadFrequently: true });
    wctx.drawImage(img, 0, 0, work.width, work.height);
    const ink = transparentPaper(wctx, work.width, work.height);
    if (!ink) throw new Error('no ink');
    const canvas = document.createElement('canvas');
    const scale = Math.min(1, 600 / ink.width, 200 / ink.height);
    canvas.width = Math.max(1, Math.round(ink.width * scale));
    canvas.height = Math.max(1, Math.round(ink.height * scale));
    canvas.getContext('2d').drawImage(work, ink.x, ink.y, ink.width, ink.height, 0, 0, canvas.width, canvas.height);
    uploaded = canvas.toDataURL('image/png');
    $('upload-preview').src = uploaded;
    $('upload-preview').hidden = false;
  } catch (e) {
    $('field-error').textContent = T.image_failed;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// Light pixels (the paper a signature was photographed or scanned on) become transparent, the
// lightest fully and the next ones partly, so the strokes keep smooth edges. Returns the box around what
// is left (with a 2 px margin), or null when nothing is.
const PAPER = 235;
const EDGE = 175;

function transparentPaper(ctx, width, height) {
  const image = ctx.getImageData(0, 0, width, height);
  const d = image.data;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const light = Math.min(d[i], d[i + 1], d[i + 2]);
      if (light >= PAPER) d[i + 3] = 0;
      else if (light > EDGE) d[i + 3] = Math.round(d[i + 3] * (PAPER - light) / (PAPER - EDGE));
      if (d[i + 3] > 16) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return null;
  ctx.putImageData(image, 0, 0);
  const x = Math.max(0, left - 2);
  const y = Math.max(0, top - 2);
  return { x, y, width: Math.min(width, right + 3) - x, height: Math.min(height, bottom + 3) - y };
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
  // touch-action: none keeps a finger stroke from panning the page, but Chromium still makes a fling
  // of a stroke that ends while the finger moves: it scrolls nothing, and the next tap, taken for one
  // that stops it, is dropped, so Apply tapped within a second of signing did nothing. A touch that
  // starts on the pad is the pad's alone: no gesture (fling, tap, long-press menu) is made of it.
  // Pointer events, which draw, come before touch events and are not affected.
  canvas.addEventListener('touchstart', (e) => e.preventDefault(), { passive: false });
}

function clearDrawing() {
  const canvas = $('sign-canvas');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  drawn = false;
}

function finish() {
  const open = missing();
  if (open.length) {
    status(T.missing, 'error');
    nextField();
    return;
  }
  const summary = $('summary');
  summary.replaceChildren();
  const groups = new Set();
  for (const f of fields.filter((x) => !x.hidden)) {
    if (f.tag.type === 'radio_field') {
      if (groups.has(f.tag.tag_group_name)) continue;
      groups.add(f.tag.tag_group_name);
    }
    const dt = document.createElement('dt');
    dt.textContent = f.group || f.label;
    summary.append(dt, summaryValue(f));
  }
  $('signing').hidden = true;
  $('confirm').hidden = false;
  $('confirm-title').focus();
}

// A value as it will be signed, for the confirm step.
function summaryValue(f) {
  const dd = document.createElement('dd');
  if (f.tag.type === 'date_signed_field') dd.textContent = f.display;
  else if (f.value && f.value.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.src = f.value;
    img.alt = T[f.tag.type] + ', ' + T.filled;
    img.height = 40;
    dd.append(img);
  } else if (f.tag.type === 'attachment') dd.textContent = f.value ? attachmentName(f.value) : T.empty;
  else if (f.tag.type === 'checkbox_field') dd.textContent = f.value === 'true' ? T.selected : T.not_selected;
  else if (f.tag.type === 'radio_field') {
    const chosen = groupOf(f).find(hasValue);
    dd.textContent = chosen ? chosen.label : T.empty;
  } else dd.textContent = f.value || T.empty;
  return dd;
}

function attachmentName(value) {
  return decodeURIComponent(value.split(';')[1].slice(5));
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

async function errorBody(response) {
  try {
    return await response.json();
  } catch (e) {
    return {};
  }
}

async function submit() {
  const tags = fields
    .filter((f) => !f.hidden && f.tag.type !== 'date_signed_field' && !(f.attrs.readonly && !f.value))
    .filter((f) => f.value !== null && f.value !== '')
    .map((f) => ({ name: f.tag.name, value: f.value }));
  // A witness confirms they saw the signer sign; the server refuses the submission without it.
  const present = document.getElementById('witness-present');
  const body = present ? { tags, witness_present: present.checked } : { tags };
  $('submit').disabled = true;
  let response;
  try {
    response = await fetch(api + '/submit', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
  } catch (e) {
    $('submit').disabled = false;
    backToSigning();
    status(T.offline, 'error');
    return;
  }
  $('submit').disabled = false;
  if (response.status === 204) {
    forget();
    conclude('signed');
    return;
  }
  backToSigning();
  const error = await errorBody(response);
  if (response.status !== 422 && response.status !== 429) {
    failed(error);
  }
  refused(response.status, error);
}

// Says what happened to a refused submit and what to do next.
function refused(code, error) {
  const errors = Array.isArray(error.errors) ? error.errors : [];
  if (code === 429) {
    status(T.rate_limited, 'error');
  } else if (code === 422 && errors.length) {
    const detail = errors.slice(0, 20).map((e) => {
      const f = fields.find((x) => x.tag.name === e.field);
      if (f) {
        f.error = String(e.message || T.format);
        show(f);
      }
      return (f ? f.title : e.field) + ': ' + e.message;
    }).join('; ');
    progress();
    status(T.submit_refused + ' ' + detail, 'error');
    // The focus goes to the first field to fix (the message at the top says why).
    const first = fields.find((f) => f.error);
    if (first && guided) {
      guideToField(first);
      $('guide-label').focus();
    } else if (first) {
      reveal(first.el);
      first.el.focus();
    }
  } else if (code === 409) {
    status(fmt(T.submit_conflict, sentence(error.message)), 'error', true);
  } else if (code === 403 || code === 404 || code === 410) {
    status(T.link_gone, 'error', true);
  } else {
    status(T.submit_failed, 'error');
  }
}

// The server's message as a sentence of its own, bounded.
function sentence(text) {
  const t = String(text || '').slice(0, 300).trim();
  return t && !/[.!?]$/.test(t) ? t + '.' : t;
}

function openDecline(opener) {
  $('decline-error').textContent = '';
  $('decline-reason').removeAttribute('aria-invalid');
  $('decline-dialog').dataset.opener = opener.id;
  $('decline-dialog').showModal();
  $('decline-reason').focus();
}

function closeDecline() {
  $('decline-dialog').close();
  const opener = $($('decline-dialog').dataset.opener || '');
  if (opener) opener.focus();
}

async function decline(event) {
  event.preventDefault();
  const reason = $('decline-reason').value.trim();
  const problem = (text) => {
    $('decline-error').textContent = text;
    $('decline-reason').setAttribute('aria-invalid', 'true');
    $('decline-reason').focus();
  };
  if (!reason) {
    problem(T.decline_empty);
    return;
  }
  let response;
  try {
    response = await fetch(api + '/decline', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason }),
    });
  } catch (e) {
    problem(T.offline);
    return;
  }
  if (response.status === 204) {
    forget();
    conclude('declined');
    return;
  }
  const error = await errorBody(response);
  if (response.status === 422) problem(T.decline_empty);
  else if (response.status === 409) problem(fmt(T.decline_conflict, sentence(error.message)));
  else if (response.status === 429) problem(T.rate_limited);
  else if (response.status === 404 || response.status === 410) problem(T.link_gone);
  else problem(T.decline_failed);
}

// Guided mode, on narrow screens: one field (or radio group) at a time in a panel at the bottom,
// large, with a real label; its place in the page is highlighted and scrolled into view.
function setGuided(on) {
  guided = on;
  body.classList.toggle('guided', on);
  $('guide').hidden = !on;
  fields.forEach((f) => f.el.classList.remove('current'));
  if (on) {
    const list = units();
    const first = list.findIndex((u) => u[0].required && !done(u[0]));
    showGuide(first < 0 ? 0 : first);
  }
}

function guideToField(f) {
  const index = units().findIndex((u) => u.includes(f));
  if (index >= 0) showGuide(index);
}

function showGuide(index) {
  const list = units();
  fields.forEach((x) => x.el.classList.remove('current'));
  if (!list.length) {
    $('guide-label').textContent = T.all_done;
    $('guide-control').replaceChildren();
    $('guide-next').textContent = FINISH_TEXT;
    return;
  }
  guideAt = Math.max(0, Math.min(index, list.length - 1));
  const unit = list[guideAt];
  const f = unit[0];
  unit.forEach((x) => x.el.classList.add('current'));
  $('guide-label').textContent = f.group || f.label;
  $('guide-help').textContent = f.attrs.help_text && f.attrs.help_text !== f.label && !f.group ? f.attrs.help_text : '';
  $('guide-error').textContent = f.error || '';
  $('guide-control').replaceChildren(guideControl(unit));
  $('guide-back').disabled = guideAt === 0;
  $('guide-next').textContent = guideAt === list.length - 1 ? FINISH_TEXT : NEXT_TEXT;
  guideStepLine();
  reveal(f.el);
}

function guideStepLine() {
  const list = units();
  const f = list[guideAt] && list[guideAt][0];
  if (!f) return;
  $('guide-step').textContent = fmt(T.step_of, guideAt + 1, list.length) + ' \u00b7 ' + T[f.tag.type] + ' \u00b7 '
    + (f.required ? T.required : T.optional) + (done(f) ? ' \u00b7 ' + T.filled : '');
}

function guideControl(unit) {
  const f = unit[0];
  const type = f.tag.type;
  if (type === 'text_field') {
    const input = document.createElement('input');
    Object.assign(input, { type: 'text', id: 'guide-input', className: 'big', value: f.value || '', autocomplete: 'off' });
    input.setAttribute('aria-labelledby', 'guide-label');
    input.setAttribute('aria-describedby', 'guide-help guide-error');
    if (f.required) input.setAttribute('aria-required', 'true');
    if (f.error) input.setAttribute('aria-invalid', 'true');
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') guideNext(); });
    return input;
  }
  if (type === 'checkbox_field' || type === 'radio_field') {
    const box = document.createElement('div');
    if (type === 'radio_field') {
      box.setAttribute('role', 'radiogroup');
      box.setAttribute('aria-labelledby', 'guide-label');
    }
    unit.forEach((o, i) => box.append(choice(o, i)));
    return box;
  }
  const box = document.createElement('div');
  box.className = 'guide-value';
  if (f.value && f.value.startsWith('data:image/')) {
    const img = document.createElement('img');
    img.src = f.value;
    img.alt = T[type] + ', ' + T.filled;
    box.append(img);
  } else if (f.value) {
    const text = document.createElement('p');
    text.className = type === 'attachment' ? '' : 'script';
    text.textContent = type === 'attachment' ? attachmentName(f.value) : f.value;
    box.append(text);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'guide-edit';
  button.className = f.value ? '' : 'primary';
  button.textContent = f.value ? T.change : { signature: T.sign_here, initials: T.initials_here }[type] || T.attach_here;
  button.addEventListener('click', () => openEditor(f));
  box.append(button);
  return box;
}

function choice(f, i) {
  const label = document.createElement('label');
  label.className = 'choice';
  const input = document.createElement('input');
  input.type = f.tag.type === 'radio_field' ? 'radio' : 'checkbox';
  input.name = 'guide-choice';
  input.id = 'guide-choice-' + i;
  input.checked = f.value === 'true';
  input.addEventListener('change', () => {
    if (input.type === 'radio' || input.checked !== (f.value === 'true')) toggle(f);
  });
  const text = document.createElement('span');
  text.textContent = f.label;
  label.append(input, text);
  return label;
}

async function guideNext() {
  const list = units();
  const f = list[guideAt] && list[guideAt][0];
  if (f && f.tag.type === 'text_field') {
    const value = $('guide-input').value;
    const problem = await textProblem(f, value);
    if (problem) {
      $('guide-error').textContent = problem;
      $('guide-input').setAttribute('aria-invalid', 'true');
      $('guide-input').focus();
      return;
    }
    setValue(f, value);
    clearError();
    applyRules();
  }
  if (guideAt >= units().length - 1) {
    finish();
    return;
  }
  showGuide(guideAt + 1);
  $('guide-label').focus();
}

// Values are kept in this tab's sessionStorage until they are submitted, so a reload or a language
// switch loses nothing. The key is a hash of the token: the token itself is never stored.
async function findStoreKey() {
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
    return 'signet.values.' + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch (e) {
    return null;
  }
}

function initialValue(f) {
  if (f.tag.type === 'checkbox_field' || f.tag.type === 'radio_field') return 'false';
  return f.tag.type === 'text_field' && f.attrs.prefilled_value ? f.attrs.prefilled_value : null;
}

function keep() {
  if (!storeKey) return;
  const values = {};
  fields.filter((f) => !isFixed(f) && f.value !== null && f.value !== initialValue(f))
    .forEach((f) => { values[f.tag.name] = f.value; });
  try {
    sessionStorage.setItem(storeKey, JSON.stringify(values));
  } catch (e) {
    // Over the browser's quota (an attachment): keep the rest.
    fields.filter((f) => f.tag.type === 'attachment').forEach((f) => delete values[f.tag.name]);
    try {
      sessionStorage.setItem(storeKey, JSON.stringify(values));
    } catch (e2) {
      // Storage refused: the values stay on the page only.
    }
  }
}

function restore() {
  if (!storeKey) return;
  let saved;
  try {
    saved = JSON.parse(sessionStorage.getItem(storeKey) || '{}');
  } catch (e) {
    return;
  }
  if (!saved || typeof saved !== 'object') return;
  for (const f of fields) {
    const value = saved[f.tag.name];
    if (typeof value === 'string' && !isFixed(f)) f.value = value;
  }
}

function forget() {
  if (!storeKey) return;
  try {
    sessionStorage.removeItem(storeKey);
  } catch (e) {
    // Nothing was kept.
  }
}

let resizeTimer;
$('start').addEventListener('click', start);
$('zoom-in').addEventListener('click', () => { zoom = Math.min(3, zoom * 1.25); relayout(); });
$('zoom-out').addEventListener('click', () => { zoom = Math.max(0.5, zoom / 1.25); relayout(); });
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
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(relayout, 200); });
if ($('decline-dialog')) {
  $('decline-open').addEventListener('click', () => openDecline($('decline-open')));
  $('decline-viewer').addEventListener('click', () => openDecline($('decline-viewer')));
  $('decline-back').addEventListener('click', closeDecline);
  $('decline-form').addEventListener('submit', decline);
}
$('guide-next').addEventListener('click', guideNext);
$('guide-back').addEventListener('click', () => { showGuide(guideAt - 1); $('guide-label').focus(); });
narrow.addEventListener('change', (e) => { if (fields.length && !$('signing').hidden) setGuided(e.matches); });
setUpDrawing();
if (document.readyState === 'complete') afterLoad();
else window.addEventListener('load', afterLoad);
