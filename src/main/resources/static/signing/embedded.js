// The signing page inside an integrator's iframe (/embedded/sign/{token}): tells the host page what
// happened with postMessage and sends it to the envelope's parent_redirect_urls. The contract
// (README, "Embedded signing"):
//   { type: "signet.embedded", version: 1, event: "signed" | "declined" | "error",
//     envelope_id, recipient_id, redirect_url (or null), error: { code, message } (error only) }
// posted to each of the organisation's allowed origins by name, never "*": the browser delivers it
// only to the one the host page is on.
const data = JSON.parse(document.getElementById('embedding').textContent);
const state = document.body.dataset.state;
const REDIRECT_DELAY_MS = 300;

// The states a page can open in that end the signer's visit, with the code the host page gets.
const ERRORS = {
  expired: ['LINK_EXPIRED', 'The signing link has expired; extend it with POST /v2/envelopes/{id}/extend-tokens'],
  archived: ['ENVELOPE_ARCHIVED', 'The envelope was withdrawn'],
  completed: ['ENVELOPE_COMPLETE', 'Everyone has signed already'],
  declined: ['ENVELOPE_DECLINED', 'A signer declined the envelope'],
  unavailable: ['ENVELOPE_NOT_READY', 'The envelope is not ready to sign yet'],
  waiting: ['NOT_YOUR_TURN', 'The signers of an earlier sign group have not all signed yet'],
};

function tell(event, error) {
  const message = {
    type: 'signet.embedded',
    version: 1,
    event,
    envelope_id: data.envelope_id,
    recipient_id: data.recipient_id,
    redirect_url: data.redirects[event] || null,
  };
  if (error) {
    message.error = error;
  }
  if (window.parent !== window) {
    data.origins.forEach((origin) => window.parent.postMessage(message, origin));
  }
  return message.redirect_url;
}

// After the signer's click the frame may navigate the top window (browsers allow it once the user
// has interacted with the frame); the short delay lets the host page handle the message first.
function leave(url) {
  setTimeout(() => { window.top.location.href = url; }, REDIRECT_DELAY_MS);
}

document.addEventListener('signet:finished', (e) => {
  const url = tell(e.detail.outcome);
  if (url) {
    e.preventDefault();
    leave(url);
  }
});

document.addEventListener('signet:failed', (e) => {
  const url = tell('error', e.detail);
  if (url) {
    leave(url);
  }
});

if (ERRORS[state]) {
  const [code, message] = ERRORS[state];
  tell('error', { code, message });
}
