// Live updates and keyboard use for the dashboards. Served by the service itself (no CDN),
// loaded as a file so that the Content-Security-Policy can forbid inline scripts.
(function () {
  'use strict';

  var body = document.body;
  var url = body.dataset.liveUpdates;
  var watchedTicket = body.dataset.liveTicket;
  var status = document.querySelector('[data-live-status]');

  function setStatus(state, text) {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text;
  }

  // Replaces each [data-live-region] with its fresh copy from the same URL; forms being typed in
  // are outside the regions, so nothing a technician types is lost.
  var refreshing = false;
  var again = false;
  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    // X-Live-Refresh: the server leaves the page's one-time message for the page itself.
    fetch(window.location.href, {
      headers: { Accept: 'text/html', 'X-Live-Refresh': '1' },
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        document.querySelectorAll('[data-live-region]').forEach(function (region) {
          var replacement = fresh.getElementById(region.id);
          if (replacement) region.replaceWith(document.importNode(replacement, true));
        });
        body.dataset.liveRefreshed = String(Date.now());
      })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  if (url && window.EventSource) {
    var source = new EventSource(url);
    source.onopen = function () {
      setStatus('live', 'live');
    };
    source.onerror = function () {
      setStatus('offline', 'reconnecting…');
    };
    source.addEventListener('tickets-changed', function (event) {
      var ids = JSON.parse(event.data);
      if (!watchedTicket || ids.indexOf(watchedTicket) !== -1) refresh();
    });
  }

  // Keyboard: "/" focuses the search or first filter, j/k move through a table's rows, Enter opens.
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('tr[data-row-link]'));
  }
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === '/') {
      var search = document.querySelector('[data-search]');
      if (search) {
        event.preventDefault();
        search.focus();
      }
      return;
    }
    var list = rows();
    if (list.length === 0) return;
    var current = list.findIndex(function (row) {
      return row.classList.contains('selected');
    });
    if (event.key === 'j' || event.key === 'k') {
      var next =
        event.key === 'j' ? Math.min(current + 1, list.length - 1) : Math.max(current - 1, 0);
      list.forEach(function (row) {
        row.classList.remove('selected');
      });
      list[next].classList.add('selected');
      list[next].scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && current !== -1) {
      window.location.href = list[current].dataset.rowLink;
    }
  });
})();
