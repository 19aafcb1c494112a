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
