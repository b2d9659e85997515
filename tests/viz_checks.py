"""What the browser tests read back from a drawn page: where vis-network put each label.

``LABEL_CHECK`` returns, per graph, every label shown (clusters included) as a box in canvas
coordinates, taken from vis-network's own measure of the drawn node (``labelModule.size`` for a
label under its shape, the shape's bounding box for a box that holds its label), and derives:

- ``overlapping``: how many labels intersect another label by more than ``MIN_OVERLAP_PX`` in
  both directions (a touch of anti-aliasing is not an overlap);
- ``outside``: labels not wholly on the canvas;
- ``font_px``: the smallest on-screen font size (font size × zoom) among the labels.

Example (in a test)::

    report = page.evaluate(LABEL_CHECK)
    assert report[0]["overlapping"] <= MAX_OVERLAP_SHARE * report[0]["labels"]
"""

from __future__ import annotations

import contextlib
import threading
import time
import urllib.request
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI

from graph.store import GraphStore
from viz.routes import router

# Measured over the pages of the browser tests (docs/viz.md has the table): before labels were
# pulled apart, 区住建委's 52-node page had 10 labels over another, 东直门交通枢纽项目's 5 of 37;
# after, none of the pages tested has any. The 5 % leaves room for other fonts and browsers.
MAX_OVERLAP_SHARE = 0.05
MIN_OVERLAP_PX = 2
MIN_FONT_PX = 6  # vis-network's own drawThreshold: a smaller label is not drawn at all

LABEL_CHECK = (
    """
(() => {
  const MIN = __MIN__;
  const out = [];
  for (const [id, g] of Object.entries(window.policykgViz.graphs)) {
    const net = g.network;
    net.redraw();
    const canvas = document.querySelector('#' + id + ' canvas');
    const w = canvas.clientWidth, h = canvas.clientHeight, scale = net.getScale();
    const boxes = [];
    for (const nid of net.body.nodeIndices) {
      const n = net.body.nodes[nid];
      const text = n.options.label;
      if (!text) continue;
      const inside = ['box', 'database', 'ellipse', 'circle', 'text'].includes(n.options.shape);
      let l, t, r, b;
      if (inside) {
        const bb = n.shape.boundingBox; l = bb.left; t = bb.top; r = bb.right; b = bb.bottom;
      } else {
        const s = n.labelModule.size; l = s.left; t = s.top; r = s.left + s.width; b = s.top + s.height;
      }
      const p1 = net.canvasToDOM({x: l, y: t}), p2 = net.canvasToDOM({x: r, y: b});
      boxes.push({id: String(nid), text: String(text), l, t, r, b,
                  on: p1.x >= -1 && p1.y >= -1 && p2.x <= w + 1 && p2.y <= h + 1,
                  font: n.labelModule.fontOptions.size * scale,
                  cluster: !!net.isCluster(nid)});
    }
    const over = new Set(), pairs = [];
    const sorted = [...boxes].sort((a, b) => a.l - b.l);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].l < sorted[i].r; j++) {
        const A = sorted[i], B = sorted[j];
        const ox = Math.min(A.r, B.r) - Math.max(A.l, B.l), oy = Math.min(A.b, B.b) - Math.max(A.t, B.t);
        if (ox * scale > MIN && oy * scale > MIN) {
          over.add(A.id); over.add(B.id);
          if (pairs.length < 8) pairs.push([A.text, B.text]);
        }
      }
    }
    out.push({id, width: w, height: h, scale, labels: boxes.length, overlapping: over.size, pairs,
              outside: boxes.filter(b => !b.on).map(b => b.text),
              font_px: boxes.length ? Math.min(...boxes.map(b => b.font)) : null,
              clusters: boxes.filter(b => b.cluster).length});
  }
  return out;
})()
""".replace("__MIN__", str(MIN_OVERLAP_PX))
)

# Each node shown (clusters included) against the legend of its graph: the shape and the colour
# (fill or border: a planned event is an outlined box) the legend promises for its label.
LEGEND_CHECK = """
(() => {
  const bad = [];
  for (const [id, g] of Object.entries(window.policykgViz.graphs)) {
    const legend = {};
    document.querySelectorAll('ul.legend[data-graph="' + id + '"] li[data-shape]').forEach(li => {
      legend[li.querySelector('input').dataset.label] = [li.dataset.shape, li.dataset.color.toLowerCase()];
    });
    for (const nid of g.network.body.nodeIndices) {
      const o = g.network.body.nodes[nid].options;
      const label = o.info && o.info.label;
      const want = legend[label];
      if (!want) { bad.push([id, String(nid), String(label), 'not in the legend']); continue; }
      const colours = [o.color.background, o.color.border].map(c => String(c).toLowerCase());
      if (o.shape !== want[0] || !colours.includes(want[1])) {
        bad.push([id, String(nid), label, o.shape, colours, want]);
      }
    }
  }
  return bad;
})()
"""


@contextlib.contextmanager
def serve_pages(store: GraphStore) -> Iterator[str]:
    """The /viz pages over ``store`` on a free local port (uvicorn in a thread); yields the base URL.
    Started when uvicorn says so and its static route answers (no sleeping on a guess)."""
    app = FastAPI()
    app.state.store = store
    app.include_router(router, prefix="/viz")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    base = f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}"
    with urllib.request.urlopen(f"{base}/viz/static/viz.css", timeout=5) as r:
        assert r.status == 200
    try:
        yield base
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
