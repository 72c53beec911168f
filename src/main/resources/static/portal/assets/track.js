// The envelope page's route, kept current: polls route.json every few seconds while the page is visible and
// swaps in the server-drawn route when its version changed; stops once nothing can change any more. The
// person can pause it (WCAG 2.2.2); the status line says when it changed, politely.
(function () {
  'use strict';
  var section = document.getElementById('route');
  if (!section || !window.fetch) {
    return;
  }
  var INTERVAL = 3000;
  var version = section.getAttribute('data-version');
  var paused = false;
  var timer = null;
  var button = document.getElementById('route-pause');
  var status = document.getElementById('route-status');

  function live() {
    return document.getElementById('route-live');
  }

  function settled() {
    var current = live();
    return current && current.getAttribute('data-settled') === 'true';
  }

  function schedule() {
    if (timer === null && !paused && !settled()) {
      timer = window.setTimeout(poll, INTERVAL);
    }
  }

  function swap(html) {
    var holder = document.createElement('div');
    holder.innerHTML = html;
    var fresh = holder.querySelector('#route-live');
    var current = live();
    if (!fresh || !current) {
      return;
    }
    current.replaceWith(fresh);
    version = fresh.getAttribute('data-version');
    var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined);
    status.textContent = section.getAttribute('data-updated') + ' ' + time;
    if (settled() && button) {
      button.hidden = true;
    }
  }

  function poll() {
    timer = null;
    if (paused || document.visibilityState === 'hidden') {
      schedule();
      return;
    }
    fetch(section.getAttribute('data-poll'), {credentials: 'same-origin', cache: 'no-store',
        headers: {'Accept': 'application/json'}})
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (state && state.version !== version) {
          return fetch(section.getAttribute('data-view'), {credentials: 'same-origin', cache: 'no-store'})
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) { if (html) { swap(html); } });
        }
        return null;
      })
      .catch(function () { /* A failed poll (offline, logged out) is tried again at the next tick. */ })
      .then(schedule);
  }

  if (button) {
    button.addEventListener('click', function () {
      paused = !paused;
      button.setAttribute('aria-pressed', paused ? 'true' : 'false');
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      if (!paused) {
        poll();
      }
    });
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      schedule();
    }
  });
  schedule();
}());
