// Which words of an article a proposed citation quotes, for the intake's cards: enough to stand
// as evidence on their own, and no more. Pure functions over the content's code points (an
// array, as Array.from gives it) and the extraction's spans.

// Words that end a description when reading back from a name: "with U.S. President Donald
// Trump" describes Trump from "U.S.", not from "with".
const STOP = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'with', 'to', 'by', 'for', 'in', 'on', 'at', 'from',
  'that', 'who', 'which', 'as', 'said', 'says', 'told', 'tells', 'met', 'is', 'was', 'were', 'are', 'has', 'have',
  'had', 'release', 'released', 'freed', 'about', 'between', 'after', 'before', 'since', 'while', 'when']);

const text = (cps, a, b) => cps.slice(a, b).join('');

// The phrase that names a person: from the first word of the description before the name (back
// to a word of STOP, a punctuation mark, a no-break space or the line's start) to the name's
// end, or null when nothing describes them. "President Vladimir Putin’s economic envoy Kirill
// Dmitriev", "former U.S. Embassy employee Marc Fogel"; "U.S." is a word, "meeting." ends one
// sentence and so the description.
export function describing(cps, start, end) {
  let at = start;
  while (at > 1 && cps[at - 1] === ' ') {
    let e = at - 1;
    while (e > 0 && cps[e - 1] === ' ') e--;
    let w = e;
    while (w > 0 && !/[\s,;:!?“”"()—–]/.test(cps[w - 1])) w--;
    const word = text(cps, w, e);
    if (!word || STOP.has(word.toLowerCase()) || (word.endsWith('.') && !/^(?:[A-Z]\.)+$/.test(word))) break;
    at = w;
  }
  return at < start ? text(cps, at, end) : null;
}

// A quotation with what attributes it: from its opening mark to the end of its sentence
// ("“I met ...,” Dmitriev told Axios in a phone interview.").
export function quotedSentence(cps, start, end) {
  let a = start;
  if (a > 0 && /[“"‘']/.test(cps[a - 1])) a--;
  let b = end;
  while (b < cps.length && !(cps[b] === '.' && (b + 1 === cps.length || /\s/.test(cps[b + 1]))) && cps[b] !== '\n') b++;
  if (b < cps.length && cps[b] === '.') b++;
  return text(cps, a, b).trim();
}

// A report with what it reports, to the end of its clause ("A U.S. official confirmed to Axios
// that the idea of a prisoner exchange was discussed during the meeting"): up to the next
// comma, semicolon, full stop, or " and " that begins another clause.
export function reportedClause(cps, start, end) {
  const rest = text(cps, end, cps.length);
  const m = rest.match(/^[^,;\n]*?(?=,|;|\n|\.(\s|$)| and (that|the|but)\b)/);
  return (text(cps, start, end) + (m ? m[0] : '')).trim();
}
