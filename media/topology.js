// The topology view's script: draws the lab the extension sends (nodes, links, states) as SVG with the
// node names in the DOM (and in a list beside the picture), and tells the extension what the user does.
// No remote code, no eval: the page's Content-Security-Policy allows this one script by its nonce.
(function () {
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const W = 150,
    H = 44;
  const svg = document.getElementById('canvas');
  const nodeList = document.getElementById('node-list');
  const linkList = document.getElementById('link-list');
  const ICON = { vm: '▣', unikernel: '◆', container: '▢', bridge: '═', unknown: '?' };
  let model = { lab: '', nodes: [], links: [] };
  let states = {};
  let selected;
  let view; // the viewBox: [x, y, w, h]

  const el = (name, attrs, parent) => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  };
  const text = (parent, x, y, s, cls) => {
    const t = el('text', { x, y, class: cls || '' }, parent);
    t.textContent = s;
    return t;
  };
  const ctx = (o) => JSON.stringify({ ...o, preventDefaultContextMenuItems: true });
  const pos = new Map();

  function fit() {
    if (!model.nodes.length) return;
    const xs = model.nodes.map((n) => pos.get(n.id).x),
      ys = model.nodes.map((n) => pos.get(n.id).y);
    const x0 = Math.min(...xs) - 40,
      y0 = Math.min(...ys) - 40;
    view = [x0, y0, Math.max(...xs) + W + 40 - x0, Math.max(...ys) + H + 40 - y0];
    setView();
  }

  // the viewBox, and how much detail it shows: text too small to read is not drawn (a 1,000-node lab fitted
  // into the view would otherwise repaint thousands of illegible labels on every change)
  function setView() {
    svg.setAttribute('viewBox', view.join(' '));
    const px = W * Math.min(svg.clientWidth / view[2], svg.clientHeight / view[3]);
    svg.classList.toggle('lod-far', px < 40);
    svg.classList.toggle('lod-mid', px >= 40 && px < 100);
  }

  // the picture is reconciled, not rebuilt: each node and link keeps its elements, and only those whose
  // content changed are touched (a keystroke in a 1,000-node manifest changes one node, a state event a
  // class), so an update costs what changed
  const nodeEls = new Map();
  const linkEls = new Map();
  let linkLayer,
    nodeLayer,
    listText = '';
  function layers() {
    if (linkLayer && linkLayer.parentNode === svg) return;
    svg.replaceChildren();
    nodeEls.clear();
    linkEls.clear();
    linkLayer = el('g', { class: 'links' }, svg);
    nodeLayer = el('g', { class: 'nodes' }, svg);
  }
  function nodeEl(n) {
    let e = nodeEls.get(n.id);
    if (e) return e;
    const g = el('g', { 'data-id': n.id }, nodeLayer);
    e = { g, sig: '' };
    e.rect = el('rect', { width: W, height: H, rx: 6 }, g);
    e.icon = text(g, 0, 0, '', 'icon');
    e.label = text(g, 0, 0, '', 'label');
    e.model = text(g, 0, 0, '', 'model');
    e.title = el('title', {}, g);
    attach(g, n);
    nodeEls.set(n.id, e);
    return e;
  }
  function linkEl(key) {
    let e = linkEls.get(key);
    if (e) return e;
    const g = el('g', {}, linkLayer);
    e = { g, sig: '', line: el('line', {}, g), hit: el('line', { class: 'hit' }, g) };
    e.ta = text(g, 0, 0, '', 'end-a');
    e.tb = text(g, 0, 0, '', 'end-b');
    e.ti = text(g, 0, 0, '', 'impairment');
    e.title = el('title', {}, g);
    linkEls.set(key, e);
    return e;
  }
  const setLine = (line, a, b) => {
    line.setAttribute('x1', a.x);
    line.setAttribute('y1', a.y);
    line.setAttribute('x2', b.x);
    line.setAttribute('y2', b.y);
  };
  // text and attributes are written only when they differ: the same text set again is a new text node, laid
  // out again, and an attribute set again invalidates the element's style and paint
  const setText = (e, s) => {
    if (e.textContent !== s) e.textContent = s;
  };
  const setAttr = (e, k, v) => {
    if (e.getAttribute(k) !== v) e.setAttribute(k, v);
  };
  const moveTo = (e, x, y) => {
    setAttr(e, 'x', String(x));
    setAttr(e, 'y', String(y));
  };
  const place = (t, p, s) => {
    moveTo(t, p.x, p.y);
    setText(t, s);
  };

  const center = (id) => {
    const p = pos.get(id);
    return p ? { x: p.x + W / 2, y: p.y + H / 2 } : undefined;
  };
  const linkEnds = (l) => `${l.a}::${l.aLabel} — ${l.b}::${l.bLabel}`;
  const linkLine = (l) => `${linkEnds(l)}${l.impairment ? ` (${l.impairment})` : ''}`;
  const nodeLine = (n) => {
    const st = states[n.id];
    return `${n.label}${n.kind === 'bridge' ? ' (bridge)' : ''}${st ? `: ${st.state}` : ''}`;
  };
  // each link's element key by index (a link id can repeat while the manifest has the mistake), and the list
  // beside the picture, by index: what a patch touches
  let linkKeys = [];
  let linkListIndex = [];
  let nodeLines = [],
    linkLines = [];

  function drawLink(l, key) {
    const a = center(l.a),
      b = center(l.b);
    const e = linkEl(key);
    const sig = JSON.stringify([l, a, b]);
    if (e.sig === sig) return;
    e.sig = sig;
    e.g.setAttribute('class', 'link' + (l.impairment ? ' impaired' : '') + (l.problems.length ? ' has-problems' : ''));
    if (l.context)
      e.g.setAttribute(
        'data-vscode-context',
        ctx({ webviewSection: l.context.endpoint ? 'link' : 'member', ...l.context }),
      );
    setLine(e.line, a, b);
    setLine(e.hit, a, b);
    const at = (f) => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
    const pa = at(0.28),
      pb = at(0.72),
      mid = at(0.5);
    place(e.ta, { x: pa.x + 4, y: pa.y - 4 }, l.aLabel);
    place(e.tb, { x: pb.x + 4, y: pb.y - 4 }, l.bLabel);
    place(e.ti, { x: mid.x + 6, y: mid.y + 12 }, l.impairment || '');
    setText(e.title, [linkEnds(l), l.impairment, ...l.problems].filter(Boolean).join('\n'));
  }

  function drawNode(n) {
    const p = pos.get(n.id);
    const st = states[n.id];
    const e = nodeEl(n);
    const sig = JSON.stringify([n, p, st, n.id === selected]);
    if (e.sig === sig) return;
    e.sig = sig;
    const cls = ['node', `kind-${n.kind}`, st ? `state-${st.state.replace(/\s+/g, '-')}` : 'state-none'];
    if (n.problems.length) cls.push('has-problems');
    if (n.id === selected) cls.push('selected');
    setAttr(e.g, 'class', cls.join(' '));
    // placed by coordinates, not a transform on the group: a transform per node made each node a paint chunk of
    // its own, and every patch walked 1,000 of them (paint 9-19 ms per patch at 1,000 nodes; 2-3 ms this way)
    moveTo(e.rect, p.x, p.y);
    moveTo(e.icon, p.x + 8, p.y + 20);
    moveTo(e.label, p.x + 28, p.y + 19);
    moveTo(e.model, p.x + 28, p.y + 34);
    if (n.kind !== 'bridge')
      setAttr(e.g, 'data-vscode-context', ctx({ webviewSection: 'node', lab: model.lab, node: n.id }));
    setText(e.icon, ICON[n.kind] || '?');
    setText(e.label, n.label);
    setText(e.model, n.kind === 'bridge' ? 'bridge' : n.model || '');
    setText(
      e.title,
      [n.label, n.model, st && `${st.state}${st.console ? ` · console ${st.console}` : ''}`, ...n.problems]
        .filter(Boolean)
        .join('\n'),
    );
  }

  function draw() {
    layers();
    const seenLinks = new Set();
    const count = new Map();
    linkKeys = [];
    linkListIndex = [];
    linkLines = [];
    model.links.forEach((l, i) => {
      if (!center(l.a) || !center(l.b)) return;
      const k = count.get(l.id) || 0;
      count.set(l.id, k + 1);
      const key = `${l.id}#${k}`;
      seenLinks.add(key);
      linkKeys[i] = key;
      if (!l.id.includes('/')) linkListIndex[i] = linkLines.push(linkLine(l)) - 1;
      drawLink(l, key);
    });
    for (const [key, e] of linkEls) if (!seenLinks.has(key)) (e.g.remove(), linkEls.delete(key));
    const seen = new Set();
    nodeLines = [];
    for (const n of model.nodes) {
      seen.add(n.id);
      nodeLines.push(nodeLine(n));
      drawNode(n);
    }
    for (const [id, e] of nodeEls) if (!seen.has(id)) (e.g.remove(), nodeEls.delete(id));
    // the lists beside the picture: rebuilt only when their text changed
    const lists = JSON.stringify([nodeLines, linkLines]);
    if (lists === listText) return;
    listText = lists;
    nodeList.replaceChildren(
      ...nodeLines.map((t, i) => {
        const li = document.createElement('li');
        li.textContent = t;
        li.setAttribute('data-node', model.nodes[i].id);
        return li;
      }),
    );
    linkList.replaceChildren(
      ...linkLines.map((t) => {
        const li = document.createElement('li');
        li.textContent = t;
        return li;
      }),
    );
  }

  // a patch: the same nodes and links in the same places, so only the changed ones are drawn (a keystroke in a
  // 1,000-node manifest touches one node, not the 2,000 signatures of a whole draw)
  function drawPatch(nodes, links) {
    // a list item is written only when its text changed: setting the same text still replaces the text node, and
    // the lists' grid is laid out again (a keystroke in a node's model leaves its line as it was)
    let relisted = false;
    const relist = (list, lines, i, line) => {
      if (lines[i] === line) return;
      lines[i] = line;
      relisted = true;
      if (list.children[i]) list.children[i].textContent = line;
    };
    for (const i of nodes) {
      const n = model.nodes[i];
      drawNode(n);
      relist(nodeList, nodeLines, i, nodeLine(n));
    }
    for (const i of links) {
      if (linkKeys[i] === undefined) continue;
      drawLink(model.links[i], linkKeys[i]);
      const li = linkListIndex[i];
      if (li !== undefined) relist(linkList, linkLines, li, linkLine(model.links[i]));
    }
    // what draw() compares the lists with, again only when they changed
    if (relisted) listText = JSON.stringify([nodeLines, linkLines]);
  }

  // a click reveals the node (and selects it in the tree); a second click on it soon after opens its
  // console. Told apart here rather than by the browser's dblclick, which a redraw between the two clicks
  // (a state change, the selection) would swallow
  let last = { id: '', at: 0 };
  function click(id) {
    const now = performance.now();
    if (last.id === id && now - last.at < 500) {
      last = { id: '', at: 0 };
      vscode.postMessage({ type: 'open', node: id });
      return;
    }
    last = { id, at: now };
    select(id);
    vscode.postMessage({ type: 'reveal', node: id });
    vscode.postMessage({ type: 'selected', node: id });
  }
  function select(id) {
    selected = id;
    draw();
  }

  // a press on a node: a drag moves it, a click reveals it
  function attach(g, n) {
    g.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      const m = svg.getScreenCTM().inverse();
      const start = new DOMPoint(e.clientX, e.clientY).matrixTransform(m);
      const p0 = { ...pos.get(n.id) };
      let moved = false;
      const move = (ev) => {
        const q = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m);
        if (!moved && Math.hypot(q.x - start.x, q.y - start.y) < 3) return;
        moved = true;
        pos.set(n.id, { x: p0.x + q.x - start.x, y: p0.y + q.y - start.y });
        draw();
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        if (moved) vscode.postMessage({ type: 'moved', node: n.id, ...pos.get(n.id) });
        else if (n.kind !== 'bridge') click(n.id);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    });
  }

  // the background: drag pans, the wheel zooms around the pointer
  svg.addEventListener('pointerdown', (e) => {
    if (!view || e.button !== 0) return;
    const s = view[2] / svg.clientWidth,
      x0 = e.clientX,
      y0 = e.clientY,
      v0 = [...view];
    const move = (ev) => {
      view = [v0[0] - (ev.clientX - x0) * s, v0[1] - (ev.clientY - y0) * s, v0[2], v0[3]];
      setView();
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  });
  svg.addEventListener(
    'wheel',
    (e) => {
      if (!view) return;
      e.preventDefault();
      const k = e.deltaY > 0 ? 1.1 : 1 / 1.1;
      const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
      view = [p.x - (p.x - view[0]) * k, p.y - (p.y - view[1]) * k, view[2] * k, view[3] * k];
      setView();
    },
    { passive: false },
  );

  // the picture for export: theme colours written into the elements, so it reads outside VS Code
  function standalone() {
    const copy = svg.cloneNode(true);
    const src = svg.querySelectorAll('*'),
      dst = copy.querySelectorAll('*');
    src.forEach((s, i) => {
      const cs = getComputedStyle(s);
      for (const prop of [
        'fill',
        'stroke',
        'stroke-width',
        'stroke-dasharray',
        'font-size',
        'font-family',
        'font-weight',
      ])
        dst[i].style.setProperty(prop, cs.getPropertyValue(prop));
    });
    copy.setAttribute('xmlns', NS);
    copy.setAttribute('width', String(view ? view[2] : 800));
    copy.setAttribute('height', String(view ? view[3] : 600));
    copy.style.background = getComputedStyle(document.body).backgroundColor;
    return new XMLSerializer().serializeToString(copy);
  }

  // drawn: after the browser's next frame has painted, the extension is told when (the clock is the machine's,
  // the same as the extension host's: the benchmark times an edit to its paint with it), and when the message
  // arrived and was drawn (the benchmark splits the time with them)
  function painted(seq, got) {
    const drawn = Date.now();
    requestAnimationFrame(() =>
      setTimeout(() => {
        vscode.postMessage({ type: 'painted', seq, nodes: model.nodes.length, at: Date.now(), got, drawn });
      }, 0),
    );
  }
  window.addEventListener('resize', () => view && setView());

  window.addEventListener('message', (e) => {
    const m = e.data;
    const got = Date.now();
    if (!m || typeof m !== 'object') return;
    if (m.type === 'model') {
      const first = !model.nodes.length;
      model = m;
      pos.clear();
      for (const n of m.nodes) pos.set(n.id, { x: n.x, y: n.y });
      document.getElementById('title').textContent = m.title;
      draw();
      if (first || !view) fit();
      // drawn: the extension measures open-to-paint and keystroke-to-paint with it
      painted(m.seq, got);
    } else if (m.type === 'patch') {
      // the same nodes and links in the same places: only the changed ones, by index
      const nodes = [],
        links = [];
      for (const [i, n] of m.nodes || [])
        if (model.nodes[i] && model.nodes[i].id === n.id) ((model.nodes[i] = n), nodes.push(i));
      for (const [i, l] of m.links || []) if (model.links[i]) ((model.links[i] = l), links.push(i));
      document.getElementById('title').textContent = m.title;
      drawPatch(nodes, links);
      painted(m.seq, got);
    } else if (m.type === 'state') {
      states = m.states || {};
      draw();
    } else if (m.type === 'select') {
      select(m.node);
    } else if (m.type === 'export') {
      const svgText = standalone();
      if (m.format === 'svg') vscode.postMessage({ type: 'exported', format: 'svg', data: svgText });
      else {
        const img = new Image();
        const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
        img.onload = () => {
          const c = document.createElement('canvas');
          c.width = img.width * 2;
          c.height = img.height * 2;
          const g = c.getContext('2d');
          g.scale(2, 2);
          g.drawImage(img, 0, 0);
          URL.revokeObjectURL(url);
          vscode.postMessage({ type: 'exported', format: 'png', data: c.toDataURL('image/png') });
        };
        img.src = url;
      }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
