// Runs a sender's validation pattern away from the page. JavaScript's RegExp backtracks, and some
// patterns valid in RE2 (which the server uses) take exponential time in it: the page gives this
// worker a moment and then ends it, so a pattern can never freeze the signer's browser.
self.onmessage = (event) => {
  const { regex, flags, value } = event.data;
  let verdict = null;
  try {
    verdict = new RegExp(regex, flags).test(value);
  } catch (e) {
    verdict = null; // RE2 syntax JavaScript does not read: the server's check decides
  }
  self.postMessage(verdict);
};
