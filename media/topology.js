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
    svg.setAttribute('viewBox', view.join(' '));
  }

  function draw() {
    svg.replaceChildren();
    const links = el('g', { class: 'links' }, svg);
    const nodes = el('g', { class: 'nodes' }, svg);
    const center = (id) => {
      const p = pos.get(id);
      return p ? { x: p.x + W / 2, y: p.y + H / 2 } : undefined;
    };
    linkList.replaceChildren();
    for (const l of model.links) {
      const a = center(l.a),
        b = center(l.b);
      if (!a || !b) continue;
      const g = el(
        'g',
        { class: 'link' + (l.impairment ? ' impaired' : '') + (l.problems.length ? ' has-problems' : '') },
        links,
      );
      if (l.context)
        g.setAttribute(
          'data-vscode-context',
          ctx({ webviewSection: l.context.endpoint ? 'link' : 'member', ...l.context }),
        );
      el('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }, g);
      el('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: 'hit' }, g);
      const at = (f) => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
      const pa = at(0.28),
        pb = at(0.72),
        mid = at(0.5);
      if (l.aLabel) text(g, pa.x + 4, pa.y - 4, l.aLabel, 'end-a');
      if (l.bLabel) text(g, pb.x + 4, pb.y - 4, l.bLabel, 'end-b');
      if (l.impairment) text(g, mid.x + 6, mid.y + 12, l.impairment, 'impairment');
      const title = el('title', {}, g);
      title.textContent = [`${l.a}::${l.aLabel} — ${l.b}::${l.bLabel}`, l.impairment, ...l.problems]
        .filter(Boolean)
        .join('\n');
      if (!l.id.includes('/')) {
        const li = document.createElement('li');
        li.textContent = `${l.a}::${l.aLabel} — ${l.b}::${l.bLabel}${l.impairment ? ` (${l.impairment})` : ''}`;
        linkList.appendChild(li);
      }
    }
    nodeList.replaceChildren();
    for (const n of model.nodes) {
      const p = pos.get(n.id);
      const st = states[n.id];
      const cls = ['node', `kind-${n.kind}`, st ? `state-${st.state.replace(/\s+/g, '-')}` : 'state-none'];
      if (n.problems.length) cls.push('has-problems');
      if (n.id === selected) cls.push('selected');
      const g = el('g', { class: cls.join(' '), transform: `translate(${p.x},${p.y})`, 'data-id': n.id }, nodes);
      if (n.kind !== 'bridge')
        g.setAttribute('data-vscode-context', ctx({ webviewSection: 'node', lab: model.lab, node: n.id }));
      el('rect', { width: W, height: H, rx: 6 }, g);
      text(g, 8, 20, ICON[n.kind] || '?', 'icon');
      text(g, 28, 19, n.label, 'label');
      text(g, 28, 34, n.kind === 'bridge' ? 'bridge' : n.model || '', 'model');
      const title = el('title', {}, g);
      title.textContent = [
        n.label,
        n.model,
        st && `${st.state}${st.console ? ` · console ${st.console}` : ''}`,
        ...n.problems,
      ]
        .filter(Boolean)
        .join('\n');
      const li = document.createElement('li');
      li.textContent = `${n.label}${n.kind === 'bridge' ? ' (bridge)' : ''}${st ? `: ${st.state}` : ''}`;
      li.setAttribute('data-node', n.id);
      nodeList.appendChild(li);
      attach(g, n);
    }
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
    for (const g of svg.querySelectorAll('g.node')) g.classList.toggle('selected', g.getAttribute('data-id') === id);
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
      svg.setAttribute('viewBox', view.join(' '));
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
      svg.setAttribute('viewBox', view.join(' '));
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

  window.addEventListener('message', (e) => {
    const m = e.data;
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
      requestAnimationFrame(() => vscode.postMessage({ type: 'painted', nodes: m.nodes.length }));
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
