// The one-time password step of the signing page: asks the recipient API for a code, checks what
// the recipient types, and opens the documents once it is right. Every refusal's sentence comes from
// the server in the page's language; the few texts of the script's own come from #messages.
const token = document.body.dataset.token;
const lang = document.body.dataset.lang;
const api = '/v2/signing/' + encodeURIComponent(token) + '/otp/';
const T = JSON.parse(document.getElementById('messages').textContent);
const $ = (id) => document.getElementById(id);
const fmt = (text, ...args) => text.replace(/\{(\d)\}/g, (m, i) => args[Number(i)]);

const send = $('otp-send');
const form = $('otp-form');
const input = $('otp-code');
const message = $('otp-message');
let busy = false;

function say(text, isError) {
  message.textContent = text;
  message.classList.toggle('error', Boolean(isError));
}

function channel() {
  const chosen = document.querySelector('input[name=otp-channel]:checked');
  if (chosen) return chosen.value;
  const only = $('otp-channel-only');
  return only ? only.dataset.channel : null;
}

async function call(path, payload) {
  const response = await fetch(api + path + '?lang=' + encodeURIComponent(lang), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(payload),
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch (e) {
    // An answer without a body: the status says enough.
  }
  return { status: response.status, answer };
}

/** The link expired, or the step is already passed (another tab): the page itself says what now. */
function reloadIfStepIsOver(result) {
  const code = result.answer.code;
  if (result.status === 410 || code === 'OTP_NOT_REQUIRED' || code === 'ENVELOPE_NOT_ACTIVE') {
    location.reload();
    return true;
  }
  return false;
}

async function sendCode() {
  if (busy) return;
  busy = true;
  send.disabled = true;
  say(T.otp_sending, false);
  try {
    const result = await call('send', { channel: channel() });
    if (reloadIfStepIsOver(result)) return;
    if (result.status === 200) {
      say(result.answer.message, false);
      $('otp-sends').textContent = fmt(T.otp_sends_left, result.answer.sends_left_this_hour);
      send.textContent = send.dataset.resend;
      input.value = '';
      input.focus();
    } else {
      say(result.answer.message || T.otp_failed, true);
      message.focus();
    }
  } catch (e) {
    say(T.otp_failed, true);
    message.focus();
  } finally {
    busy = false;
    send.disabled = false;
  }
}

async function verifyCode(event) {
  event.preventDefault();
  if (busy) return;
  const code = input.value.replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(code)) {
    say(T.otp_digits, true);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  busy = true;
  $('otp-verify').disabled = true;
  say(T.otp_checking, false);
  try {
    const result = await call('verify', { code });
    if (reloadIfStepIsOver(result)) return;
    if (result.status === 200) {
      input.removeAttribute('aria-invalid');
      say(T.otp_passed, false);
      location.reload();
      return;
    }
    say(result.answer.message || T.otp_failed, true);
    if (result.answer.code === 'OTP_WRONG_CODE' || result.answer.code === 'OTP_MALFORMED') {
      // The same code may still be typed again: keep the focus where the digits go.
      input.setAttribute('aria-invalid', 'true');
      input.select();
      input.focus();
    } else {
      // Expired, used, locked after 5 tries or never sent: the way on is a new code.
      input.value = '';
      input.removeAttribute('aria-invalid');
      send.focus();
    }
  } catch (e) {
    say(T.otp_failed, true);
    message.focus();
  } finally {
    busy = false;
    $('otp-verify').disabled = false;
  }
}

// With no address to send a code to, the page says so and offers no controls.
if (send && form) {
  input.addEventListener('input', () => {
    input.removeAttribute('aria-invalid');
  });
  send.addEventListener('click', sendCode);
  form.addEventListener('submit', verifyCode);
}
$('otp-title').focus();
