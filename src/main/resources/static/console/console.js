// PumpFlix console: a little plain JavaScript on server-rendered pages.
// - [data-refresh] elements are re-rendered from that URL (an HTML fragment) when their
//   workflow's live socket reports a run event ([data-live-workflow]) or every [data-poll] ms.
// - [data-chart] elements draw a bar chart with uPlot when the page loads it.
"use strict";
(function () {
  function refresher(el) {
    let timer = null;
    return function () {
      if (timer) return;
      timer = setTimeout(function () {
        timer = null;
        fetch(el.dataset.refresh, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (html !== null) { el.innerHTML = html; el.dispatchEvent(new CustomEvent("refreshed", { bubbles: true })); }
          })
          .catch(function () { /* the next event or tick tries again */ });
      }, 150);
    };
  }

  function live(el, refresh) {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const url = scheme + location.host + "/api/v1/workflows/" + encodeURIComponent(el.dataset.liveWorkflow) + "/live";
    let heartbeat = null;
    function connect() {
      const socket = new WebSocket(url);
      socket.onmessage = function (event) {
        let data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        const messages = Array.isArray(data) ? data : [data];
        const welcome = messages.find(function (m) { return m.type === "welcome"; });
        if (welcome) {
          // heartbeat three times within the silence the service allows
          const every = Math.max(1000, (welcome.heartbeatSeconds || 45) * 1000 / 3);
          heartbeat = setInterval(function () { socket.send('{"type":"heartbeat"}'); }, every);
          el.dataset.live = "connected";
        }
        if (messages.some(function (m) { return /^(execution|node|runs)\./.test(m.type || ""); })) refresh();
      };
      socket.onclose = function (event) {
        el.dataset.live = "closed " + event.code;
        clearInterval(heartbeat);
        if (event.code !== 4404) setTimeout(connect, 2000);
      };
    }
    connect();
  }

  function chart(el) {
    if (!window.uPlot) return;
    const spec = JSON.parse(el.dataset.chart);
    const xs = spec.labels.map(function (_, i) { return i; });
    const opts = {
      width: Math.max(280, el.clientWidth), height: 240,
      legend: { show: false },
      scales: { x: { time: false, range: [-0.6, xs.length - 0.4] },
                y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } } },
      axes: [{ values: function (u, splits) { return splits.map(function (i) { return Number.isInteger(i) ? (spec.labels[i] || "") : ""; }); } },
             { size: 60, values: function (u, splits) { return splits.map(function (v) { return Number.isInteger(v) ? v.toLocaleString() : ""; }); } }],
      series: [{}, { label: spec.label, fill: "rgba(11,87,208,0.35)", stroke: "#0b57d0",
        paths: window.uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } }]
    };
    el.textContent = "";
    new window.uPlot(opts, [xs, spec.values], el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh]").forEach(function (el) {
      const refresh = refresher(el);
      if (el.dataset.liveWorkflow) live(el, refresh);
      if (el.dataset.poll) setInterval(function () { if (!document.hidden) refresh(); }, Number(el.dataset.poll));
    });
    document.querySelectorAll("[data-chart]").forEach(chart);
    document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
  });
})();
