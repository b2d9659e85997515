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

    var status = document.getElementById(id + "-status");
    var physicsOn = data.options.physics && data.options.physics.enabled;
    if (physicsOn) {
      network.on("stabilizationProgress", function (p) {
        if (status) status.textContent = "布局中 " + Math.round((100 * p.iterations) / p.total) + "%";
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        network.fit({ animation: false });
        network.once("afterDrawing", function () { markReady(id, network); });
        network.redraw();
      });
    } else {
      network.once("afterDrawing", function () { markReady(id, network); });
      network.fit({ animation: false });
    }

    document.querySelectorAll('[data-graph="' + id + '"] input[data-label]').forEach(function (box) {
      box.addEventListener("change", function () {
        hiddenLabels[box.getAttribute("data-label")] = !box.checked;
        nodeView.refresh();
      });
    });
    var fit = document.getElementById(id + "-fit");
    if (fit) fit.addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
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
