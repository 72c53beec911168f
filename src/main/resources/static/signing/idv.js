// The identity page while the result is fetched: asks the page again every 5 seconds (at most 60
// times, then the signer's "Check again" link is the way on), instead of a <meta> refresh, which
// reloads the page on a timer the signer cannot stop (WCAG 2.2.1).
(function () {
  'use strict';
  var status = document.getElementById('idv-checking');
  if (!status) {
    return;
  }
  var rounds = 0;
  function look() {
    rounds += 1;
    if (rounds > 60) {
      return;
    }
    fetch(window.location.href, { credentials: 'same-origin', redirect: 'follow', cache: 'no-store' })
      .then(function (response) {
        var redirected = response.redirected || response.url !== window.location.href;
        return response.text().then(function (text) {
          if (redirected || text.indexOf('data-state="idv-checking"') === -1) {
            window.location.assign(response.url);
          } else {
            window.setTimeout(look, 5000);
          }
        });
      })
      .catch(function () {
        window.setTimeout(look, 5000);
      });
  }
  window.setTimeout(look, 5000);
})();
