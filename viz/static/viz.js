/* policykg pages: draws every graph card with vis-network, offline.
   All text from the graph is written with textContent (never innerHTML): evidence sentences
   and names are data, not markup. */
(function () {
  "use strict";
  var state = (window.policykgViz = { ready: 0, graphs: {}, errors: [] });
  window.addEventListener("error", function (e) { state.errors.push(String(e.message)); });

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function card(info, href) {
    var box = el("div", "tip");
    if (!info) return box;
    var head = el("div", "tip-head");
    if (info.zh) head.appendChild(el("span", "chip chip-" + (info.label || "Other"), info.zh));
    else if (info.caption) head.appendChild(el("span", "chip chip-edge", info.caption));
    head.appendChild(el("span", "tip-name", info.name || info.type || ""));
    box.appendChild(head);
    var fields = info.fields || [];
    if (fields.length) {
      var dl = el("dl", "tip-fields");
      fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
      box.appendChild(dl);
    }
    if (info.evidence) box.appendChild(el("blockquote", "tip-evidence", info.evidence));
    var src = [];
    if (info.doc) src.push(info.doc);
    if (info.year) src.push(info.year);
    if (src.length) box.appendChild(el("div", "tip-doc", "出处 " + src.join(" · ")));
    if (href) {
      var a = el("a", "tip-link", "打开邻域 →");
      a.href = href;
      box.appendChild(a);
    }
    return box;
  }

  function markReady(id, network) {
    var g = state.graphs[id];
    if (g.ready) return;
    g.ready = true;
    state.ready += 1;
    var status = document.getElementById(id + "-status");
    if (status) status.hidden = true;
    document.documentElement.setAttribute("data-viz-ready", String(state.ready));
  }

  function init(container) {
    var id = container.id;
    var data = JSON.parse(document.getElementById(id + "-data").textContent);
    var hiddenLabels = {};
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      n.title = card(n.info);
      return n;
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      e.title = card(e.info);
      return e;
    }));
    var nodeView = new vis.DataView(nodes, {
      filter: function (n) { return !(n.info && hiddenLabels[n.info.label]) || n.isCentre; }
    });
    var network = new vis.Network(container, { nodes: nodeView, edges: edges }, data.options);
    state.graphs[id] = { network: network, nodes: nodes, edges: edges, ready: false };

    var panel = document.getElementById(id + "-details");
    function show(info, href) {
      if (!panel) return;
      panel.replaceChildren(card(info, href));
    }
    network.on("click", function (p) {
      if (p.nodes.length) {
        var n = nodes.get(p.nodes[0]);
        show(n.info, n.href);
        if (n.href && !n.isCentre && !(p.event && p.event.srcEvent && p.event.srcEvent.shiftKey)) {
          window.location.href = n.href;
        }
      } else if (p.edges.length) {
        show(edges.get(p.edges[0]).info);
      }
    });

    // Keep the whole graph in view. vis-network multiplies the zoom by the ratio of new to old
    // canvas size whenever the container is resized (window resize, a hidden card shown, a
    // full-page screenshot's temporary viewport): after a resize from a small or zero-sized
    // container a 10-node graph ends up zoomed in on its centre node. So: fit only a container
    // with a real size, fit again after every resize until the reader zooms or drags, and never
    // zoom in past 1:1.
    var userMoved = false;
    var settled = false;
    function fitView(animate) {
      if (!container.clientWidth || !container.clientHeight) return false;
      network.fit({ animation: animate ? { duration: 300 } : false, maxZoomLevel: 1 });
      return true;
    }
    network.on("zoom", function () { if (settled) userMoved = true; });
    network.on("dragEnd", function (p) { if (settled && !p.nodes.length) userMoved = true; });
    var refit = null;
    network.on("resize", function () {
      // vis-network rescales the camera right after this event: fit once it has done so
      if (!settled || userMoved || refit) return;
      refit = setTimeout(function () { refit = null; if (!userMoved) fitView(false); }, 0);
    });

    function finish() {
      settled = true;
      fitView(false);
      network.once("afterDrawing", function () { markReady(id, network); });
      network.redraw();
    }
    var status = document.getElementById(id + "-status");
    var physicsOn = data.options.physics && data.options.physics.enabled;
    if (physicsOn) {
      network.on("stabilizationProgress", function (p) {
        if (status) status.textContent = "布局中 " + Math.round((100 * p.iterations) / p.total) + "%";
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        finish();
      });
    } else {
      finish();
    }

    document.querySelectorAll('[data-graph="' + id + '"] input[data-label]').forEach(function (box) {
      box.addEventListener("change", function () {
        hiddenLabels[box.getAttribute("data-label")] = !box.checked;
        nodeView.refresh();
      });
    });
    var fit = document.getElementById(id + "-fit");
    if (fit) fit.addEventListener("click", function () { userMoved = false; fitView(true); });
  }

  function start() {
    if (typeof vis === "undefined") {
      state.errors.push("vis-network did not load");
      console.error("vis-network did not load");
      return;
    }
    document.querySelectorAll("div.graph[id]").forEach(function (c) {
      try { init(c); } catch (err) { state.errors.push(String(err)); console.error(err); }
    });
    if (!document.querySelector("div.graph[id]")) document.documentElement.setAttribute("data-viz-ready", "0");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
