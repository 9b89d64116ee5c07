// The article view: a source's text as readable paragraphs, the page's furniture folded away
// (the paragraphs GET /v1/sources/{id}/extract does not list in body), and every cited quote
// highlighted where its anchor says, each highlight a link to the record it supports. Offsets
// are code points of the content, as the API counts them; JavaScript strings count UTF-16
// units, so the content is indexed by code point once.
import { h } from './dom.js';

// The content's paragraphs (its lines), each {start, end} in code points, without empty ones. A
// line ends before its CR of a CRLF (a scraped page's line ends), as the extraction's body
// paragraphs do: else no line of such an article would be found among them, and the whole of
// it would be folded away as furniture.
function lines(cps) {
  const out = [];
  let start = 0;
  for (let i = 0; i <= cps.length; i++) {
    if (i === cps.length || cps[i] === '\n') {
      const end = i > start && cps[i - 1] === '\r' ? i - 1 : i;
      if (cps.slice(start, end).join('').trim()) out.push({ start, end });
      start = i + 1;
    }
  }
  return out;
}

// One paragraph [p.start, p.end) with its highlights: the text cut wherever a highlight starts or
// ends, each piece inside one or more highlights a link to the innermost of them (all named in
// its title, and listed in data-over, so that a page can lead to every record they support);
// the piece where highlights begin lists them in data-starts. marks: [{start, end, href, label,
// id}], sorted by start. The paragraph's data-at is the code point where it starts: its text
// nodes, in order, are the content from there (what offsetOf reads a selection by).
function paragraph(cps, p, marks) {
  const inside = marks.filter((m) => m.end > p.start && m.start < p.end);
  const cuts = new Set([p.start, p.end]);
  for (const m of inside) {
    cuts.add(Math.max(m.start, p.start));
    cuts.add(Math.min(m.end, p.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const text = cps.slice(a, b).join('');
    // The innermost highlight first: the one that begins latest, so that a quote inside
    // another is reached at its own words.
    const over = inside.filter((m) => m.start <= a && m.end >= b).sort((x, y) => y.start - x.start);
    if (!over.length) { pieces.push(text); continue; }
    const first = over[0];
    const starting = over.filter((m) => m.start === a);
    const many = new Set(over.map((m) => m.href)).size > 1;
    pieces.push(h('a', { class: many ? 'hl many' : 'hl', href: first.href, 'data-citation': first.id,
      'data-starts': starting.length ? starting.map((m) => m.id).join(' ') : undefined,
      'data-over': over.map((m) => m.id).join(' '),
      id: starting.length ? `quote-${starting[0].id}` : undefined,
      title: over.map((m) => m.label).join('; ') }, text));
  }
  return h('p', { 'data-at': p.start }, pieces);
}

// Where a point of the article view stands in the content, in code points (as the API counts
// them: a browser's offsets count UTF-16 units, an emoji two): node and offset as a Range gives
// them. null outside the article's paragraphs.
export function offsetOf(node, offset) {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const para = el && el.closest('#article p[data-at]');
  if (!para) return null;
  // An element and a child index stand for the point before that child, or the element's end.
  const text = node.nodeType === Node.TEXT_NODE;
  const before = text ? null : node.childNodes[offset] || null;
  let at = Number(para.dataset.at);
  const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (text && t === node) return at + Array.from(t.data.slice(0, offset)).length;
    if (!text && before && (before === t || before.contains(t))) return at;
    if (!text && !before && !node.contains(t) && (node.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) return at;
    at += Array.from(t.data).length;
  }
  return at;
}

// The reader's selection in the article view: {text, start} (start in code points, where the
// selection begins: white space the selection took in before the words is allowed, the API
// skips it), or null when nothing of the article is selected.
export function selectedPassage() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const text = String(sel).trim();
  const start = offsetOf(r.startContainer, r.startOffset);
  return text && start !== null ? { text, start } : null;
}

// The article as nodes. body: the article's paragraphs from the extraction (null: every line is
// the article); marks as paragraph() takes them. A paragraph that is the source's title (the
// headline, already the page's heading) is shown as the headline.
export function articleText(content, body, marks, title) {
  const cps = Array.from(content);
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const isBody = (p) => !body || body.some((b) => b.start <= p.start && b.end >= p.end);
  const out = [];
  let folded = [];
  const fold = () => {
    if (!folded.length) return;
    // Furniture holding a highlight is not hidden: a quote must be found where it stands.
    const marked = folded.some((p) => sorted.some((m) => m.end > p.start && m.start < p.end));
    out.push(h('details', { class: 'furniture', open: marked || undefined },
      h('summary', {}, folded.length === 1 ? 'The page around the article (1 line)' :
        `The page around the article (${folded.length} lines)`),
      folded.map((p) => paragraph(cps, p, sorted))));
    folded = [];
  };
  for (const p of lines(cps)) {
    if (!isBody(p)) { folded.push(p); continue; }
    fold();
    const text = cps.slice(p.start, p.end).join('').trim();
    const para = paragraph(cps, p, sorted);
    if (title && text === title.trim()) para.className = 'headline';
    out.push(para);
  }
  fold();
  return h('div', { class: 'article', id: 'article' }, out);
}
