// orglint report: draws the org described by the JSON in #orglint-data. Everything that
// comes from an org file is set with textContent or as an attribute value, never as markup.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("orglint-data").textContent);
  const SVGNS = "http://www.w3.org/2000/svg";
  const RANK = { error: 3, warning: 2, info: 1 };
  const ROW = 60, BOX_H = 50, INDENT = 26, TEAM_W = 270, ITEM_W = 230, GAP = 90;

  function make(doc, tag, attrs, kids) {
    const e = doc === "svg" ? document.createElementNS(SVGNS, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined) e.setAttribute(k, String(v));
    }
    for (const kid of kids || []) e.append(kid);
    return e;
  }
  const h = (tag, attrs, kids) => make("html", tag, attrs, kids);
  const s = (tag, attrs, kids) => make("svg", tag, attrs, kids);
  const $ = (sel) => document.querySelector(sel);
  const cut = (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text);
  const worst = (codes) => codes.reduce((w, c) => (RANK[c[0]] > (RANK[w] || 0) ? c[0] : w), "");
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + "s"}`;

  function codeList(codes) {
    const counts = new Map();
    for (const [, code] of codes) counts.set(code, (counts.get(code) || 0) + 1);
    return [...counts].map(([c, n]) => (n > 1 ? `${c}×${n}` : c)).join(" ");
  }

  // -- one org's picture: an indented tree of teams (by parent), then models, then data --

  class Picture {
    constructor(side, index, host, changed) {
      this.side = side;
      this.index = index;
      this.changed = changed;
      this.teams = new Map(side.teams.map((t) => [t.id, t]));
      this.people = new Map(side.people.map((p) => [p[0], p]));
      this.models = new Map(side.models.map((m) => [m.id, m]));
      this.data = new Map(side.data.map((d) => [d.id, d]));
      this.kids = new Map();
      this.roots = [];
      for (const t of side.teams) {
        if (t.parent && this.teams.has(t.parent)) {
          if (!this.kids.has(t.parent)) this.kids.set(t.parent, []);
          this.kids.get(t.parent).push(t);
        } else this.roots.push(t);
      }
      // A model is drawn when a team that builds, owns or deploys it is; a data asset when
      // its owner or a drawn model that reads it is. A folded team keeps its models folded.
      this.teamsOf = new Map();
      this.readers = new Map();
      this.owner = new Map();
      for (const [src, dst, kind] of side.edges) {
        if (kind === "model") (this.teamsOf.get(dst) || this.teamsOf.set(dst, []).get(dst)).push(src);
        if (kind === "reads") (this.readers.get(dst) || this.readers.set(dst, []).get(dst)).push(src);
        if (kind === "owner") this.owner.set(dst, src);
      }
      this.below = this.countBelow();
      this.expanded = new Set();
      this.openFirstLevels(40);
      this.view = { x: 60, y: 12, k: 1 };
      this.build(host);
      this.render();
      this.fitWidth();
    }

    countBelow() {
      // Findings and models in each team's sub-teams, shown on a folded team.
      const below = new Map();
      const order = [];
      const stack = [...this.roots];
      while (stack.length) {
        const t = stack.pop();
        order.push(t);
        stack.push(...(this.kids.get(t.id) || []));
      }
      const ownModels = new Map();
      for (const teams of this.teamsOf.values()) {
        if (teams[0]) ownModels.set(teams[0], (ownModels.get(teams[0]) || 0) + 1);
      }
      for (const t of order.reverse()) {
        const n = { findings: 0, models: 0 };
        for (const k of this.kids.get(t.id) || []) {
          const m = below.get(k.id);
          n.findings += k.codes.length + m.findings;
          n.models += (ownModels.get(k.id) || 0) + m.models;
        }
        below.set(t.id, n);
      }
      return below;
    }

    openFirstLevels(limit) {
      // Open level after level while the picture stays under `limit` teams.
      let level = this.roots, shown = level.length;
      while (level.length) {
        const next = level.flatMap((t) => this.kids.get(t.id) || []);
        if (!next.length || shown + next.length > limit) break;
        for (const t of level) this.expanded.add(t.id);
        shown += next.length;
        level = next;
      }
    }

    build(host) {
      const bar = h("div", { class: "toolbar" }, [
        h("button", { type: "button", text: "+", title: "zoom in", onclick: () => this.zoom(1.25) }),
        h("button", { type: "button", text: "−", title: "zoom out", onclick: () => this.zoom(0.8) }),
        h("button", { type: "button", text: "fit", onclick: () => this.fit() }),
        h("button", { type: "button", text: "open all", onclick: () => this.openAll(true) }),
        h("button", { type: "button", text: "team level", onclick: () => this.openAll(false) }),
      ]);
      this.svg = s("svg", { class: "picture", role: "img", "aria-label": "org picture" });
      this.layer = s("g");
      this.svg.append(this.layer);
      this.panel = h("div", { class: "panel" }, [
        h("p", {
          class: "hint",
          text: this.roots.length
            ? "Click a team to see its people and models; ▸ opens its sub-teams."
            : "No team to draw: see the findings below.",
        }),
      ]);
      host.append(bar, h("div", { class: "stage" }, [this.svg, this.panel]));
      this.panZoom();
    }

    openAll(open) {
      this.expanded.clear();
      if (open) for (const id of this.kids.keys()) this.expanded.add(id);
      else this.openFirstLevels(40);
      this.render();
      this.fitWidth();
    }

    visibleTeam(id) {
      let t = this.teams.get(id);
      while (t && !this.rowOf.has(t.id)) t = this.teams.get(t.parent);
      return t ? t.id : null;
    }

    layout() {
      this.rows = [];
      this.rowOf = new Map();
      const stack = this.roots.map((t) => [t, 0]).reverse();
      let depth = 0;
      while (stack.length) {
        const [t, d] = stack.pop();
        this.rowOf.set(t.id, this.rows.length);
        this.rows.push([t, d]);
        depth = Math.max(depth, d);
        if (this.expanded.has(t.id)) {
          const kids = this.kids.get(t.id) || [];
          for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], d + 1]);
        }
      }
      this.pos = new Map();
      this.rows.forEach(([t, d], i) => this.pos.set(t.id, [d * INDENT, i * ROW, TEAM_W]));
      const xModel = depth * INDENT + TEAM_W + GAP;
      const xData = xModel + ITEM_W + GAP;
      this.edges = this.visibleEdges();
      const into = new Map();
      for (const e of this.edges) {
        if (!into.has(e.dst)) into.set(e.dst, []);
        into.get(e.dst).push(e);
      }
      const near = (id, kinds) =>
        (into.get(id) || []).filter((e) => kinds.includes(e.kind)).map((e) => this.pos.get(e.src));
      this.shownModels = this.side.models.filter((m) => {
        const teams = this.teamsOf.get(m.id) || [];
        return !teams.length || teams.some((t) => this.rowOf.has(t));
      });
      const drawn = new Set(this.shownModels.map((m) => m.id));
      this.shownData = this.side.data.filter((d) => {
        const owner = this.owner.get(d.id), readers = this.readers.get(d.id) || [];
        return (owner ? this.rowOf.has(owner) : !readers.length) || readers.some((m) => drawn.has(m));
      });
      for (const it of [...this.shownModels, ...this.shownData]) drawn.add(it.id);
      this.edges = this.edges.filter((e) => (this.teams.has(e.src) || drawn.has(e.src)) && (this.teams.has(e.dst) || drawn.has(e.dst)));
      this.stack(this.shownModels, xModel, (m) => near(m.id, ["model"]));
      this.stack(this.shownData, xData, (d) => near(d.id, ["reads", "owner"]));
    }

    stack(items, x, sources) {
      // Each item at the mean height of what points at it, pushed down to not overlap.
      const wanted = items.map((it) => {
        const ys = sources(it).filter(Boolean).map((p) => p[1]);
        return [ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity, it];
      });
      wanted.sort((a, b) => a[0] - b[0]);
      let y = -Infinity;
      for (const [want, it] of wanted) {
        y = Math.max(y + ROW, want === Infinity ? y + ROW : want);
        if (!isFinite(y)) y = 0;
        this.pos.set(it.id, [x, y, ITEM_W]);
      }
    }

    visibleEdges() {
      // Edges between what is drawn; an edge of a folded team goes to its nearest shown parent.
      const at = (id) => (this.teams.has(id) ? this.visibleTeam(id) : id);
      const merged = new Map();
      for (const [src, dst, kind, label, codes, sev] of this.side.edges) {
        const a = at(src), b = at(dst);
        if (!a || !b || a === b) continue;
        const key = `${a}\u0000${b}\u0000${kind}`;
        const e = merged.get(key) || { src: a, dst: b, kind, labels: new Set(), codes: [], sev: "", n: 0 };
        if (label) e.labels.add(label);
        if (codes) e.codes.push(codes);
        if ((RANK[sev] || 0) > (RANK[e.sev] || 0)) e.sev = sev;
        e.n += 1;
        merged.set(key, e);
      }
      return [...merged.values()];
    }

    render() {
      this.layout();
      this.layer.replaceChildren();
      const edgeLayer = s("g", { class: "edges" });
      this.layer.append(edgeLayer);
      for (const e of this.edges) edgeLayer.append(this.drawEdge(e));
      for (const [t] of this.rows) this.layer.append(this.drawTeam(t));
      for (const m of this.shownModels) this.layer.append(this.drawItem(m, "model"));
      for (const d of this.shownData) this.layer.append(this.drawItem(d, "data"));
      this.apply();
      this.mark();
    }

    drawEdge(e) {
      const [x1, y1, w1] = this.pos.get(e.src);
      const [x2, y2] = this.pos.get(e.dst);
      let d;
      if (this.teams.has(e.src) && this.teams.has(e.dst)) {
        const bend = Math.min(x1, x2) - 30 - Math.abs(y2 - y1) * 0.08;
        d = `M${x1},${y1 + BOX_H / 2} C${bend},${y1 + BOX_H / 2} ${bend},${y2 + BOX_H / 2} ${x2},${y2 + BOX_H / 2}`;
      } else {
        const a = x1 + w1, mid = (a + x2) / 2;
        d = `M${a},${y1 + BOX_H / 2} C${mid},${y1 + BOX_H / 2} ${mid},${y2 + BOX_H / 2} ${x2},${y2 + BOX_H / 2}`;
      }
      const words = { model: "", reads: "reads", owner: "owns", embedded: "embedded in", works: "works with" };
      const label = [[...e.labels].join("; ") || words[e.kind], e.codes.join(" ")].filter(Boolean).join(" · ");
      const cls = `edge ${e.kind}${e.sev ? " sev-" + e.sev : ""}`;
      return s("path", { d, class: cls, "data-src": e.src, "data-dst": e.dst }, [
        s("title", { text: `${label}${e.n > 1 ? ` (${e.n} edges)` : ""}` }),
      ]);
    }

    node(id, kind, lines, codes, extra) {
      const [x, y, w] = this.pos.get(id);
      const sev = worst(codes);
      const g = s("g", {
        class: `node ${kind}${sev ? " sev-" + sev : ""}${this.changed.has(id) ? " changed" : ""}`,
        transform: `translate(${x},${y})`,
        tabindex: 0,
        "data-id": id,
        "data-kind": kind,
      });
      g.append(s("rect", { width: w, height: BOX_H, rx: kind === "team" ? 6 : 16 }));
      g.append(s("title", { text: lines.filter(Boolean).join("\n") }));
      const left = extra ? 22 : 10;
      g.append(s("text", { x: left, y: 15, class: "name", text: cut(lines[0], 34) }));
      g.append(s("text", { x: left, y: 31, class: "sub", text: cut(lines[1], 40) }));
      if (lines[2]) g.append(s("text", { x: left, y: 45, class: "codes", text: cut(lines[2], 40) }));
      if (extra) g.append(extra);
      g.addEventListener("click", () => this.dragged || this.select(id));
      g.addEventListener("keydown", (ev) => ev.key === "Enter" && this.select(id));
      return g;
    }

    drawTeam(t) {
      const kids = this.kids.get(t.id) || [];
      let toggle = null;
      if (kids.length) {
        const open = this.expanded.has(t.id);
        toggle = s("text", { x: 6, y: 24, class: "toggle", text: open ? "▾" : "▸" }, [
          s("title", { text: `${open ? "fold" : "open"} ${plural(kids.length, "sub-team")}` }),
        ]);
        toggle.addEventListener("click", (ev) => {
          ev.stopPropagation();
          this.toggle(t.id);
        });
      }
      const below = this.expanded.has(t.id) ? null : this.below.get(t.id);
      const folded = below && [
        below.findings ? plural(below.findings, "finding") : "",
        below.models ? plural(below.models, "model") : "",
      ].filter(Boolean).join(", ");
      const codes = [codeList(t.codes), folded ? `+${folded} below` : ""].filter(Boolean).join(" · ");
      const sub = `${t.id} · ${t.type} · ${plural(t.members.length, "person", "people")}`;
      return this.node(t.id, "team", [t.name || t.id, sub, codes], t.codes, toggle);
    }

    drawItem(it, kind) {
      const sub = kind === "model"
        ? `model · ${it.stage}${it.user_facing ? " · user-facing" : ""}`
        : `data${it.in_production ? "" : " · not in production"}`;
      return this.node(it.id, kind, [it.name || it.id, sub, codeList(it.codes)], it.codes, null);
    }

    toggle(id) {
      if (this.expanded.has(id)) this.expanded.delete(id);
      else this.expanded.add(id);
      this.render();
    }

    // -- pan and zoom ---------------------------------------------------------------------

    apply() {
      const { x, y, k } = this.view;
      this.layer.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    }

    zoom(f, cx, cy) {
      const r = this.svg.getBoundingClientRect();
      cx = cx === undefined ? r.width / 2 : cx;
      cy = cy === undefined ? r.height / 2 : cy;
      const k = Math.min(4, Math.max(0.02, this.view.k * f));
      this.view.x = cx - ((cx - this.view.x) * k) / this.view.k;
      this.view.y = cy - ((cy - this.view.y) * k) / this.view.k;
      this.view.k = k;
      this.apply();
    }

    fit() {
      const box = this.layer.getBBox(), r = this.svg.getBoundingClientRect();
      const k = Math.min(2, (r.width - 24) / (box.width || 1), (r.height - 24) / (box.height || 1));
      this.view = { k, x: 12 - box.x * k, y: 12 - box.y * k };
      this.apply();
    }

    fitWidth() {
      // Opens with every column in view, but never so small that names cannot be read.
      const box = this.layer.getBBox(), r = this.svg.getBoundingClientRect();
      const k = Math.max(0.55, Math.min(1, (r.width - 24) / (box.width || 1)));
      this.view = { k, x: 12 - box.x * k, y: 12 - box.y * k };
      this.apply();
    }

    centre(id) {
      const p = this.pos.get(id);
      if (!p) return;
      const r = this.svg.getBoundingClientRect();
      this.view.k = Math.max(this.view.k, 0.6);
      this.view.x = r.width / 2 - (p[0] + p[2] / 2) * this.view.k;
      this.view.y = r.height / 2 - (p[1] + BOX_H / 2) * this.view.k;
      this.apply();
    }

    panZoom() {
      let drag = null;
      this.svg.addEventListener("wheel", (ev) => {
        ev.preventDefault();
        const r = this.svg.getBoundingClientRect();
        this.zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
      }, { passive: false });
      this.svg.addEventListener("pointerdown", (ev) => {
        drag = { x: ev.clientX, y: ev.clientY, vx: this.view.x, vy: this.view.y, moved: false };
        this.dragged = false;
      });
      this.svg.addEventListener("pointermove", (ev) => {
        if (!drag) return;
        const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = this.dragged = true;  // not a click
        if (drag.moved) {
          this.view.x = drag.vx + dx;
          this.view.y = drag.vy + dy;
          this.apply();
        }
      });
      const end = () => { drag = null; };
      this.svg.addEventListener("pointerup", end);
      this.svg.addEventListener("pointerleave", end);
    }

    // -- selection and the panel ------------------------------------------------------------

    reveal(id, person) {
      if (!this.teams.has(id) && !this.models.has(id) && !this.data.has(id)) return false;
      // The team that shows it: itself, a model's first team, a data asset's owner or the
      // first team of a model that reads it; every team above that one is opened.
      const modelTeam = (m) => (this.teamsOf.get(m) || [])[0];
      const home = this.teams.has(id) ? id : this.models.has(id) ? modelTeam(id)
        : this.owner.get(id) || modelTeam((this.readers.get(id) || [])[0]);
      const anchor = this.teams.get(home);
      for (let t = anchor && this.teams.get(anchor.parent); t; t = this.teams.get(t.parent)) this.expanded.add(t.id);
      this.render();
      this.select(id, person);
      this.centre(id);
      return true;
    }

    select(id, person) {
      const t = this.teams.get(id);
      if (t && (this.kids.get(id) || []).length && !this.expanded.has(id)) {
        this.expanded.add(id);
        this.render();
      }
      this.selected = id;
      this.mark();
      this.panel.replaceChildren(...this.details(id));
      if (person) {
        const row = this.panel.querySelector(`tr[data-person="${CSS.escape(person)}"]`);
        if (row) {
          row.classList.add("hit");
          row.scrollIntoView({ block: "nearest" });
        }
      }
    }

    mark() {
      for (const g of this.layer.querySelectorAll(".node")) {
        g.classList.toggle("selected", g.dataset.id === this.selected);
      }
    }

    findingsOf(id) {
      return DATA.findings.filter((f) => f.entity === id && sideOf(f) === this.index);
    }

    details(id) {
      const out = [];
      const link = (other) => h("button", { type: "button", class: "link", text: other, onclick: () => this.reveal(other) });
      const t = this.teams.get(id), m = this.models.get(id), d = this.data.get(id);
      const item = t || m || d;
      const kind = t ? t.type + " team" : m ? "model · " + m.stage : "data";
      out.push(h("h3", { text: item.name || id }), h("p", { class: "sub", text: `${id} · ${kind}` }));
      const own = this.findingsOf(id);
      if (own.length) out.push(findingList(own));
      const related = (kinds, pick) => this.side.edges.filter((e) => kinds.includes(e[2]) && pick(e));
      if (t) {
        if (t.parent) out.push(h("p", {}, ["Part of ", link(t.parent)]));
        const kids = this.kids.get(id) || [];
        if (kids.length) out.push(h("p", {}, ["Sub-teams: ", ...kids.flatMap((k, i) => (i ? [", ", link(k.id)] : [link(k.id)]))]));
        const models = related(["model"], (e) => e[0] === id);
        if (models.length) {
          out.push(h("h4", { text: `Models (${models.length})` }), table(["model", "role", "findings"],
            models.map((e) => [link(e[1]), e[3], e[4]])));
        }
        const owned = related(["owner"], (e) => e[0] === id);
        if (owned.length) out.push(h("p", {}, ["Owns data: ", ...owned.flatMap((e, i) => (i ? [", ", link(e[1])] : [link(e[1])]))]));
        out.push(h("h4", { text: `People (${t.members.length})` }));
        const rows = t.members.map((pid) => {
          const p = this.people.get(pid) || [pid, "", "", "", ""];
          const tr = h("tr", { "data-person": pid }, [
            h("td", {}, [h("bdi", { text: p[1] || pid })]),
            h("td", { text: pid }),
            h("td", { text: p[2] + (pid === t.lead ? " (lead)" : "") }),
            h("td", { text: p[3] }),
            h("td", { class: "codes", text: (this.side.person_codes[pid] || []).join(" ") }),
          ]);
          return tr;
        });
        out.push(h("table", { class: "people" }, [
          h("thead", {}, [h("tr", {}, ["name", "id", "title", "reports to", "findings"].map((c) => h("th", { text: c })))]),
          h("tbody", {}, rows),
        ]));
        const personal = DATA.findings.filter((f) => sideOf(f) === this.index && t.members.includes(f.entity));
        if (personal.length) out.push(h("h4", { text: "Findings on its people" }), findingList(personal));
      } else if (m) {
        const teams = related(["model"], (e) => e[1] === id);
        out.push(table(["team", "role"], teams.map((e) => [link(e[0]), e[3]])));
        const reads = related(["reads"], (e) => e[0] === id);
        if (reads.length) out.push(h("p", {}, ["Reads: ", ...reads.flatMap((e, i) => (i ? [", ", link(e[1])] : [link(e[1])]))]));
      } else {
        const owner = related(["owner"], (e) => e[1] === id);
        if (owner.length) out.push(h("p", {}, ["Owned by ", link(owner[0][0])]));
        const readers = related(["reads"], (e) => e[1] === id);
        if (readers.length) out.push(h("p", {}, ["Read by: ", ...readers.flatMap((e, i) => (i ? [", ", link(e[0])] : [link(e[0])]))]));
      }
      return out;
    }
  }

  function table(heads, rows) {
    return h("table", {}, [
      h("thead", {}, [h("tr", {}, heads.map((c) => h("th", { text: c })))]),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, [c]))))),
    ]);
  }

  function ruleLink(code) {
    return h("a", { href: "#rule-" + code, class: "rule", text: code });
  }

  function findingList(items) {
    return h("ul", { class: "findings" }, items.map((f) =>
      h("li", { class: "sev-" + f.severity }, [
        f.status && f.status !== "unchanged" ? h("strong", { class: f.status, text: f.status + " " }) : "",
        ruleLink(f.code), " ", f.message,
      ])));
  }

  const sideOf = (f) => (DATA.mode === "diff" && f.status !== "resolved" ? 1 : 0);

  // -- the page ---------------------------------------------------------------------------

  function changedOn(side, index) {
    // What a reviewer should look at on one side: what changed (a person through their
    // team), and the entities of findings resolved (before) or introduced (after).
    const ids = new Set();
    const home = new Map(side.people.map((p) => [p[0], p[4]]));
    for (const c of DATA.changes || []) ids.add(home.get(c.id) || c.id);
    const status = index ? "introduced" : "resolved";
    for (const f of DATA.findings) {
      if (f.status === status && f.entity) ids.add(home.get(f.entity) || f.entity);
    }
    return ids;
  }
  const pictures = [];

  function showInPicture(id, index) {
    const side = index === undefined ? pictures.map((_, i) => i) : [index];
    let found = false;
    for (const i of side) {
      const pic = pictures[i];
      const person = pic.people.get(id);
      found = (person ? pic.reveal(person[4], id) : pic.reveal(id)) || found;
    }
    if (found) $("#picture").scrollIntoView({ block: "start" });
    return found;
  }

  function describeBlock(d, label) {
    const sm = d.summary;
    const counts = (o) => Object.entries(o).map(([k, n]) => `${n} ${k}`).join(", ") || "none";
    const span = sm.reporting.widest_span;
    const box = h("div", { class: "describe" }, [
      label ? h("h3", { text: label }) : "",
      h("ul", {}, [
        h("li", { text: `${plural(sm.headcount, "person", "people")} in ${plural(sm.teams, "team")} (${counts(sm.teams_by_type)})` }),
        h("li", { text: `reporting tree: ${plural(sm.reporting.depth, "level")}` + (span.person ? `; widest span: ${span.person} with ${span.reports} direct reports` : "") }),
        h("li", { text: `models: ${counts(sm.models_by_stage)}; data assets: ${sm.data}` }),
        h("li", { text: `findings: ${counts(d.findings)}` }),
      ]),
    ]);
    if (d.org_archetype) box.append(h("p", {}, ["The org as a whole: ", h("strong", { text: d.org_archetype.title }), ` (${d.org_archetype.name})`]));
    if (!d.ml_teams.length) box.append(h("p", { text: "No team of type ml or research." }));
    for (const t of d.ml_teams) {
      const card = h("section", { class: "mlteam" }, [
        h("h4", {}, [h("button", { type: "button", class: "link", text: t.name || t.id, onclick: () => showInPicture(t.id) }), ` · ${t.id} · ${t.type}`]),
        table(["axis", "position"], Object.entries(t.axes).map(([k, a]) => [k.replace(/_/g, " "), a.position])),
      ]);
      for (const [what, m] of [["Design", t.design], ["Archetype", t.archetype]]) {
        card.append(h("h5", { text: `${what}: ${m.title} (${m.name})` }));
        card.append(h("ul", { class: "reasons" }, m.reasons.map((r) => h("li", { text: r }))));
        for (const [word, points] of [["Strength", m.strengths], ["Cost", m.costs]]) {
          for (const p of points) {
            card.append(h("p", { class: word.toLowerCase() }, [h("strong", { text: word + ": " }), p.text, " ",
              h("cite", { text: `(${p.source.title}, “${p.source.section}”)` })]));
          }
        }
        if (m.rules.length) card.append(h("p", { class: "sub" }, ["Watched by ", ...m.rules.flatMap((c, i) => (i ? [", ", ruleLink(c)] : [ruleLink(c)]))]));
      }
      box.append(card);
    }
    return box;
  }

  function findingsTable() {
    const rows = DATA.findings;
    const names = DATA.sides.map((side) => new Map(side.teams.map((t) => [t.id, t.name || t.id])));
    const teamName = (f) => names[sideOf(f)].get(f.team) || "";
    const choices = (label, values) => h("label", {}, [label + " ", h("select", { "data-filter": label },
      [h("option", { value: "", text: "all" }), ...[...new Set(values)].sort().map((v) => h("option", { value: v, text: v }))])]);
    const filters = h("div", { class: "filters" }, [
      choices("severity", rows.map((f) => f.severity)),
      choices("rule", rows.map((f) => f.code)),
      choices("team", rows.map((f) => f.team || "")),
      DATA.mode === "diff" ? choices("status", rows.map((f) => f.status)) : "",
      h("span", { class: "count" }),
    ]);
    const heads = ["severity", ...(DATA.mode === "diff" ? ["status"] : []), "rule", "message", "where", "team"];
    const body = h("tbody");
    const trs = rows.map((f) => {
      const where = f.entity
        ? h("button", { type: "button", class: "link", text: f.entity, title: "show in the picture", onclick: () => showInPicture(f.entity, sideOf(f)) })
        : "";
      const tr = h("tr", { class: `sev-${f.severity}${f.status ? " " + f.status : ""}` }, [
        h("td", { text: f.severity }),
        ...(DATA.mode === "diff" ? [h("td", { text: f.status })] : []),
        h("td", {}, [ruleLink(f.code), " ", f.name]),
        h("td", {}, [h("bdi", { text: f.message })]),
        h("td", {}, [where, h("span", { class: "sub", text: ` ${f.path}:${f.line}` })]),
        h("td", { text: teamName(f) }),
      ]);
      tr.dataset.severity = f.severity;
      tr.dataset.rule = f.code;
      tr.dataset.team = f.team || "";
      tr.dataset.status = f.status || "";
      return tr;
    });
    body.append(...trs);
    const update = () => {
      const want = {};
      for (const sel of filters.querySelectorAll("select")) want[sel.dataset.filter] = sel.value;
      let n = 0;
      for (const tr of trs) {
        const ok = Object.entries(want).every(([k, v]) => !v || tr.dataset[k] === v);
        tr.hidden = !ok;
        n += ok;
      }
      filters.querySelector(".count").textContent = `${n} of ${trs.length}`;
    };
    filters.addEventListener("change", update);
    update();
    return [filters, h("table", { class: "findings-table" }, [
      h("thead", {}, [h("tr", {}, heads.map((c) => h("th", { text: c })))]), body])];
  }

  function rollup() {
    const by = new Map();
    for (const f of DATA.findings) {
      if (!f.team || f.status === "resolved") continue;
      const r = by.get(f.team) || { error: 0, warning: 0, info: 0, introduced: 0, codes: new Set() };
      r[f.severity] += 1;
      if (f.status === "introduced") r.introduced += 1;
      r.codes.add(f.code);
      by.set(f.team, r);
    }
    for (const f of DATA.findings) {
      if (f.status !== "resolved" || !f.team) continue;
      const r = by.get(f.team) || { error: 0, warning: 0, info: 0, introduced: 0, codes: new Set() };
      r.resolved = (r.resolved || 0) + 1;
      by.set(f.team, r);
    }
    const order = [...by].sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning || b[1].info - a[1].info || (a[0] < b[0] ? -1 : 1));
    const heads = ["team", "errors", "warnings", "info", ...(DATA.mode === "diff" ? ["introduced", "resolved"] : []), "rules"];
    return table(heads, order.map(([id, r]) => [
      h("button", { type: "button", class: "link", text: id, onclick: () => showInPicture(id) }),
      String(r.error), String(r.warning), String(r.info),
      ...(DATA.mode === "diff" ? [String(r.introduced), String(r.resolved || 0)] : []),
      h("span", {}, [...r.codes].sort().flatMap((c, i) => (i ? [" ", ruleLink(c)] : [ruleLink(c)]))),
    ]));
  }

  function rulesBlock() {
    return Object.entries(DATA.rules).map(([code, r]) => h("section", { class: "ruledoc", id: "rule-" + code }, [
      h("h3", { text: `${code} ${r.name} (${r.severity})` }),
      h("p", { text: r.summary }),
      ...[["What it does", r.what], ["Why is this bad?", r.why], ["How to fix it", r.fix]]
        .filter(([, t]) => t).flatMap(([title, t]) => [h("h4", { text: title }), h("p", { class: "doc", text: t })]),
      r.sources.length
        ? h("p", { class: "sub", text: "Sources: " + r.sources.map((x) => `${x.title} (${x.file})${x.section ? `, “${x.section}”` : ""}`).join("; ") })
        : h("p", { class: "sub", text: "Integrity rule (no source document)." }),
    ]));
  }

  function search() {
    const input = h("input", { type: "search", id: "search", placeholder: "Find a person, team, model or data by id or name", "aria-label": "search" });
    const list = h("ul", { class: "results" });
    const run = () => {
      const q = input.value.trim().toLowerCase();
      list.replaceChildren();
      if (!q) return [];
      const hits = new Map();
      // Two passes: exact ids and names first, then any that contain the text.
      for (const exact of [true, false]) {
        const match = (text) => (exact ? text.toLowerCase() === q : text.toLowerCase().includes(q));
        const check = (id, name, what) => {
          if (hits.size < 15 && !hits.has(id) && (match(id) || match(name))) hits.set(id, [name, what]);
        };
        for (const side of DATA.sides) {
          for (const t of side.teams) check(t.id, t.name, "team");
          for (const p of side.people) check(p[0], p[1], "person" + (p[4] ? " in " + p[4] : ""));
          for (const m of side.models) check(m.id, m.name, "model");
          for (const d of side.data) check(d.id, d.name, "data");
        }
      }
      for (const [id, [name, what]] of hits) {
        list.append(h("li", {}, [h("button", { type: "button", class: "link", onclick: () => showInPicture(id) }, [h("bdi", { text: name || id }), ` (${id}) · ${what}`])]));
      }
      return [...hits.keys()];
    };
    input.addEventListener("input", run);
    input.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      const first = run()[0];
      if (first) showInPicture(first);
    });
    return h("div", { class: "search" }, [input, list]);
  }

  function legend() {
    const item = (cls, text) => h("span", { class: "key " + cls, text });
    // Many teams: their works-with lines would hide the rest, so they start hidden.
    const many = DATA.sides.some((side) => side.teams.length > 60);
    document.body.classList.toggle("hide-team-edges", many);
    const toggle = h("label", {}, [h("input", { type: "checkbox", checked: many ? null : "", onchange: (ev) => document.body.classList.toggle("hide-team-edges", !ev.target.checked) }), " team-to-team edges"]);
    return h("div", { class: "legend" }, [
      item("k-team", "team"), item("k-model", "model"), item("k-data", "data"),
      item("k-error", "error"), item("k-warning", "warning"), item("k-info", "info"),
      ...(DATA.mode === "diff" ? [item("k-changed", "changed, or a finding resolved (before) or introduced (after)")] : []),
      item("e-model", "builds / owns / deploys"), item("e-reads", "reads"), item("e-owner", "owns data"),
      item("e-embedded", "embedded in"), item("e-works", "works with"), toggle,
      h("span", { class: "sub", text: "Codes on a box are its findings; a folded team (▸) counts the findings and models of its sub-teams. Drag to pan, wheel to zoom." }),
    ]);
  }

  function main() {
    document.title = DATA.title;
    const root = $("#report");
    root.append(h("h1", { text: DATA.title }));
    const diff = DATA.mode === "diff";
    document.body.classList.toggle("diff", diff);
    if (diff) {
      const n = (st) => DATA.findings.filter((f) => f.status === st).length;
      root.append(h("section", { id: "changes" }, [
        h("h2", { text: `Changes: ${DATA.labels[0]} → ${DATA.labels[1]}` }),
        h("p", { class: "verdict", text: `${plural(DATA.changes.length, "change")}; ${n("introduced")} introduced, ${n("resolved")} resolved, ${n("unchanged")} unchanged findings.` }),
        h("ul", {}, DATA.changes.map((c) => h("li", { class: "change" }, [h("code", { text: c.sign }), " ", h("bdi", { text: c.message }), " ",
          h("button", { type: "button", class: "link", text: "show", onclick: () => showInPicture(c.id) })]))),
      ]));
    }
    const labels = diff ? DATA.labels.map((l, i) => `${i ? "After" : "Before"}: ${l}`) : [""];
    const hosts = DATA.sides.map((_, i) => h("div", { class: "side", "data-side": i }, [labels[i] ? h("h3", { text: labels[i] }) : ""]));
    root.append(h("section", { id: "picture" }, [h("h2", { text: "The picture" }), search(), legend(), h("div", { class: "sides" }, hosts)]));
    DATA.sides.forEach((side, i) => pictures.push(new Picture(side, i, hosts[i], diff ? changedOn(side, i) : new Set())));
    root.append(h("section", { id: "design" }, [h("h2", { text: "The org and its design" }),
      h("div", { class: "sides" }, DATA.sides.map((side, i) => describeBlock(side.describe, labels[i])))]));
    root.append(h("section", { id: "findings" }, [h("h2", { text: `Findings (${DATA.findings.length})` }), ...findingsTable()]));
    root.append(h("section", { id: "rollup" }, [h("h2", { text: "Findings by team" }), rollup()]));
    root.append(h("section", { id: "rules" }, [h("h2", { text: "Why the rules fired" }), ...rulesBlock()]));
    performance.mark("orglint-ready");  // benchmarks/report_browser.py reads it
    document.body.dataset.ready = "1";
  }

  main();
})();
