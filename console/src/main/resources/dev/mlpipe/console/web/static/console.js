// mlpipe console: prepends events streamed by the server (Server-Sent Events) to the live list.
(function () {
  'use strict';
  var table = document.getElementById('live');
  if (!table || !window.EventSource) { return; }
  var body = table.tBodies[0];
  var state = document.getElementById('live-state');
  var source = new EventSource(table.getAttribute('data-stream'));
  source.addEventListener('open', function () { state.textContent = 'live'; state.className = 'live'; });
  source.addEventListener('error', function () { state.textContent = 'reconnecting'; state.className = 'live off'; });
  source.addEventListener('pipeline', function (message) {
    var event = JSON.parse(message.data);
    // The server renders the row (escaped), so the page and the stream show the same thing.
    var holder = document.createElement('tbody');
    holder.innerHTML = event.row;
    var row = holder.firstElementChild;
    if (!row) { return; }
    body.insertBefore(row, body.firstChild);
    while (body.rows.length > 50) { body.deleteRow(body.rows.length - 1); }
  });
})();

// mlpipe console: the models page's buttons post a command with the bearer token typed into the
// page (kept in this tab's sessionStorage only), and say what happened.
(function () {
  'use strict';
  var input = document.getElementById('token');
  if (!input) { return; }
  var KEY = 'mlpipe-console-token';
  var by = document.getElementById('by');
  var result = document.getElementById('command-result');
  try {
    input.value = window.sessionStorage.getItem(KEY) || '';
    by.value = window.sessionStorage.getItem(KEY + '-by') || '';
  } catch (e) { /* storage off */ }
  input.addEventListener('change', function () {
    try { window.sessionStorage.setItem(KEY, input.value.trim()); } catch (e) { /* storage off */ }
  });
  by.addEventListener('change', function () {
    try { window.sessionStorage.setItem(KEY + '-by', by.value.trim()); } catch (e) { /* storage off */ }
  });
  document.getElementById('token-form').addEventListener('submit', function (e) { e.preventDefault(); });
  function say(text, ok) {
    result.textContent = text;
    result.className = 'command-result ' + (ok ? 'ok' : 'failed');
  }
  Array.prototype.forEach.call(document.querySelectorAll('button.command'), function (button) {
    button.addEventListener('click', function () {
      var token = input.value.trim();
      if (!token) { say('Type the console\'s bearer token above first.', false); input.focus(); return; }
      var form = new URLSearchParams();
      var endpoint = button.dataset.endpoint || '/api/commands';
      Object.keys(button.dataset).forEach(function (k) {
        if (k !== 'endpoint') { form.append(k, button.dataset[k]); }
      });
      if (by.value.trim()) { form.append('by', by.value.trim()); }
      button.disabled = true;
      fetch(endpoint, {
        method: 'POST',
        headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString()
      }).then(function (response) {
        return response.text().then(function (body) {
          if (response.ok) {
            var c = JSON.parse(body);
            if (c.command === 'Replay') {
              say('Replayed ' + c.replayed + ' dead letter(s)' + c.records.map(function (r) {
                return ': ' + r.from + ' -> ' + r.to + '-' + r.partition + ' @ ' + r.offset;
              }).join(''), true);
            } else {
              say(c.command + ' of ' + c.model + ' published (' + c.topic + '-' + c.partition + ' @ ' +
                  c.offset + ', run ' + c.runId + '); the deployer answers on the run\'s page.', true);
            }
          } else {
            say(response.status + ': ' + body, false);
          }
        });
      }).catch(function (e) { say('The console did not answer: ' + e, false); })
        .then(function () { button.disabled = false; });
    });
  });
})();
