// The Yoti share page while a share is awaited: asks Signet every 4 seconds (at most 150 times, then
// the signer's "I have shared" button is the way on) whether the app shared; moves on to the
// documents when it did, and shows the page again when the share was refused or ended. No reload on
// a timer the signer cannot stop (WCAG 2.2.1).
(function () {
  'use strict';
  var share = document.getElementById('yoti-share');
  if (!share) {
    return;
  }
  var rounds = 0;
  function look() {
    rounds += 1;
    if (rounds > 150) {
      return;
    }
    fetch(share.getAttribute('data-status'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        return response.ok ? response.json() : { stage: 'waiting' };
      })
      .then(function (answer) {
        if (answer.stage === 'passed') {
          window.location.assign(share.getAttribute('data-signing'));
        } else if (answer.stage === 'refused' || answer.stage === 'ended' || answer.stage === 'none') {
          window.location.reload();
        } else {
          // waiting, or Yoti did not answer this time: ask again.
          window.setTimeout(look, 4000);
        }
      })
      .catch(function () {
        window.setTimeout(look, 4000);
      });
  }
  window.setTimeout(look, 4000);
})();
