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

  // Move nodes apart until no two boxes (shape and label together, from vis-network's own
  // measure of each drawn node) overlap. vis-network draws every label under its node whatever
  // is there, and its physics only keeps the shapes apart; on a 50-node page a third of the labels
  // were drawn over one another. Boxes are pushed along the axis that needs the smaller move,
  // half each (the centre stays put), sweeping left to right; a few rounds settle a page.
  var PAD = 6;
  function spread(network, fixedId, container, keepLayout) {
    network.redraw();  // the boxes are measured while drawing
    var body = network.body, boxes = [];
    body.nodeIndices.forEach(function (id) {
      var n = body.nodes[id], bb = n.shape && n.shape.boundingBox, s = n.labelModule && n.labelModule.size;
      if (!bb) return;
      // the shape's box does not always reach the label's bottom (clusters): take both
      var l = bb.left, r = bb.right, t = bb.top, b = bb.bottom;
      if (s && s.width > 0) {
        l = Math.min(l, s.left); r = Math.max(r, s.left + s.width);
        t = Math.min(t, s.top); b = Math.max(b, s.top + s.height);
      }
      boxes.push({ id: id, x: n.x, y: n.y, x0: n.x, y0: n.y, fixed: id === fixedId,
                   l: l - n.x - PAD / 2, r: r - n.x + PAD / 2, t: t - n.y - PAD / 2, b: b - n.y + PAD / 2 });
    });
    if (!keepLayout) compact(boxes, fixedId, container);
    for (var round = 0; round < 200; round++) {
      boxes.sort(function (a, b) { return a.x + a.l - (b.x + b.l) || (a.id < b.id ? -1 : 1); });
      var moved = 0;
      for (var i = 0; i < boxes.length; i++) {
        var A = boxes[i];
        for (var j = i + 1; j < boxes.length; j++) {
          var B = boxes[j];
          if (B.x + B.l >= A.x + A.r) break;
          var ox = Math.min(A.x + A.r, B.x + B.r) - Math.max(A.x + A.l, B.x + B.l);
          var oy = Math.min(A.y + A.b, B.y + B.b) - Math.max(A.y + A.t, B.y + B.t);
          if (ox <= 0.5 || oy <= 0.5) continue;
          moved++;
          var wa = A.fixed ? 0 : B.fixed ? 1 : 0.5, wb = 1 - wa;
          if (oy <= ox) {
            var up = A.y + (A.t + A.b) / 2 <= B.y + (B.t + B.b) / 2 ? -1 : 1;
            A.y += up * oy * wa; B.y -= up * oy * wb;
          } else {
            var left = A.x + (A.l + A.r) / 2 <= B.x + (B.l + B.r) / 2 ? -1 : 1;
            A.x += left * ox * wa; B.x -= left * ox * wb;
          }
        }
      }
      if (!moved) break;
    }
    boxes.forEach(function (b) { if (b.x !== b.x0 || b.y !== b.y0) network.moveNode(b.id, b.x, b.y); });
  }

  // Before pulling labels apart, bring the layout to the card's proportions and to a density
  // at which labels stay legible once fitted: the physics leaves a round cloud with much empty
  // space, and a fitted round cloud in a wide card shrinks every label. Heights are only ever
  // pulled in, widths stretched to the card's shape, about the centre node; spread() then
  // resolves what now overlaps.
  var DENSITY = 0.4;  // the share of the layout's area that boxes cover, at most
  function compact(boxes, fixedId, container) {
    if (boxes.length < 12 || !container || !container.clientWidth || !container.clientHeight) return;
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, area = 0, cx = 0, cy = 0;
    boxes.forEach(function (b) {
      minX = Math.min(minX, b.x + b.l); maxX = Math.max(maxX, b.x + b.r);
      minY = Math.min(minY, b.y + b.t); maxY = Math.max(maxY, b.y + b.b);
      area += (b.r - b.l) * (b.b - b.t);
      if (b.id === fixedId) { cx = b.x; cy = b.y; }
    });
    if (fixedId === undefined) { cx = (minX + maxX) / 2; cy = (minY + maxY) / 2; }
    var aspect = container.clientWidth / container.clientHeight;
    var want = area / DENSITY, w = Math.sqrt(want * aspect), h = Math.sqrt(want / aspect);
    // wider where the card is wide: labels are wide, and a wider layout costs no zoom
    var ky = Math.min(1, h / Math.max(maxY - minY, 1));
    var kx = Math.min(Math.max(ky, w / Math.max(maxX - minX, 1)), 2.5);
    boxes.forEach(function (b) { b.x = cx + (b.x - cx) * kx; b.y = cy + (b.y - cy) * ky; });
  }

  // Where the members of an opened cluster go: a sunflower around the cluster's place, tight
  // enough to stay together; spread() then pulls their labels apart.
  function sunflower(clusterPosition, containedPositions) {
    var out = {}, ids = Object.keys(containedPositions).sort();
    ids.forEach(function (id, i) {
      var r = 34 * Math.sqrt(i + 1), a = i * 2.39996;
      out[id] = { x: clusterPosition.x + r * Math.cos(a), y: clusterPosition.y + r * Math.sin(a) };
    });
    return out;
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
    var centreId = (data.nodes.find(function (n) { return n.isCentre; }) || {}).id;
    // Collapse the planned groups before the layout runs, so that it lays out what is shown.
    // What is collapsed is derived: every planned group the reader has not opened, made of the
    // members the legend filter shows (so that hiding and showing a type keeps the groups).
    var planned = data.clusters || [], clusters = {}, opened = {};
    planned.forEach(function (c) { clusters[c.id] = c; });
    function collapse() {
      var todo = planned.filter(function (c) { return !opened[c.id] && !network.body.nodes[c.id]; });
      todo.forEach(function (c, i) {
        var members = {};
        c.members.forEach(function (m) { members[m] = true; });
        var props = Object.assign({}, c.node, { title: card(c.node.info), allowSingleNodeCluster: false });
        network.cluster(
          { joinCondition: function (o) { return members[o.id] === true; }, clusterNodeProperties: props },
          i === todo.length - 1  // vis-network refreshes its data after each cluster unless told not to
        );
      });
    }
    collapse();
    state.graphs[id] = { network: network, nodes: nodes, edges: edges, clusters: clusters, ready: false };

    var panel = document.getElementById(id + "-details");
    function show(info, href) {
      if (!panel) return;
      panel.replaceChildren(card(info, href));
    }
    network.on("click", function (p) {
      if (p.nodes.length && network.isCluster(p.nodes[0])) {
        var c = clusters[p.nodes[0]];
        opened[p.nodes[0]] = true;
        network.openCluster(p.nodes[0], { releaseFunction: sunflower });
        spread(network, centreId, container, data.keepLayout);
        show(c ? Object.assign({}, c.node.info, { name: c.node.label + "（已展开）" }) : null);
        userMoved = false;
        fitView(false);  // at once: the opened group may reach past the card
        return;
      }
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
      spread(network, centreId, container, data.keepLayout);
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

    var lastPlaces = {};  // where each node last stood, for those the filter brings back
    document.querySelectorAll('[data-graph="' + id + '"] input[data-label]').forEach(function (box) {
      box.addEventListener("change", function () {
        hiddenLabels[box.getAttribute("data-label")] = !box.checked;
        // the filter removes and re-adds nodes, which vis-network's clusters do not survive:
        // open the collapsed groups where they stand, filter, restore places, collapse again
        var places = {};
        planned.forEach(function (c) {
          if (opened[c.id] || !network.body.nodes[c.id]) return;
          var at = network.getPosition(c.id);
          network.openCluster(c.id, { releaseFunction: function (cp, inside) {
            var out = {};
            Object.keys(inside).forEach(function (m) { out[m] = { x: at.x, y: at.y }; });
            return out;
          } });
        });
        Object.keys(network.body.nodes).forEach(function (k) {
          var n = network.body.nodes[k];
          places[k] = { x: n.x, y: n.y };
        });
        Object.assign(lastPlaces, places);
        nodeView.refresh();
        network.body.nodeIndices.forEach(function (k) {
          var at = lastPlaces[k];
          if (at) network.moveNode(k, at.x, at.y);
        });
        collapse();
        spread(network, centreId, container, data.keepLayout);
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
