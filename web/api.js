// The dashboard's only way to the data: the public /v1 API, with the API key from this tab's
// session storage when one was given.

const KEY = 'swaptrack.key';

// A key the server refused (wrong or revoked): reads then go without it, so public pages keep
// working, until another key is set. Writes still send it, and say it was refused.
let refused = false;

export function apiKey() { return sessionStorage.getItem(KEY) || ''; }
export function setApiKey(k) {
  k ? sessionStorage.setItem(KEY, k) : sessionStorage.removeItem(KEY);
  refused = false;
  window.dispatchEvent(new CustomEvent('swaptrack:key'));
}
export const keyRefused = () => refused && !!apiKey();

function refuseKey() {
  if (refused) return;
  refused = true;
  window.dispatchEvent(new CustomEvent('swaptrack:key'));
}

// Read-your-writes: each write's answer names where the primary's log was after it
// (Swaptrack-LSN); every read after it sends the furthest such position back as
// Swaptrack-Min-LSN, so a server reading from replicas answers from one that has it (or from
// the primary). Kept for the tab, like the key.
const LSN = 'swaptrack.lsn';
const lsnValue = (l) => {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(l || '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : -1n;
};
function noteWrite(res) {
  const lsn = res.headers.get('Swaptrack-LSN');
  if (lsnValue(lsn) > lsnValue(sessionStorage.getItem(LSN))) sessionStorage.setItem(LSN, lsn);
}
// Headers for a read: Swaptrack-Min-LSN after this tab's own writes.
export function readHeaders(headers = {}) {
  const lsn = sessionStorage.getItem(LSN);
  return lsnValue(lsn) >= 0n ? { ...headers, 'Swaptrack-Min-LSN': lsn } : headers;
}

// A failed request: status, and the problem+json body when there is one.
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

// Calls the API; returns {status, data, etag}. Throws ApiError for a 4xx or 5xx, and when the
// network fails (status 0). ifMatch is an ETag as the server sent it. A read refused (401) for
// the key it carried is tried once more without it, and the key is marked refused.
export async function api(method, path, body, { ifMatch, contentType } = {}) {
  const read = method === 'GET' || method === 'HEAD';
  const headers = read ? readHeaders({ Accept: 'application/json' }) : { Accept: 'application/json' };
  const withKey = apiKey() && !(read && refused);
  if (withKey) headers.Authorization = `Bearer ${apiKey()}`;
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: String(e.message || e) });
  }
  if (!read) noteWrite(res);
  if (res.status === 401 && withKey) {
    refuseKey();
    if (read) return api(method, path, body, { ifMatch, contentType });
  }
  const text = await res.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, data, etag: res.headers.get('ETag') };
}

export const get = (path) => api('GET', path).then((r) => r.data);

// Every item of a list, following next until the last page: nothing is cut.
export async function all(path) {
  const items = [];
  for (let next = path; next;) {
    const page = await get(next);
    items.push(...page.items);
    next = page.next;
  }
  return items;
}

// People and other records by id, fetched once per page view.
const cache = new Map();
export function record(collection, id) {
  const k = `${collection}/${id}`;
  if (!cache.has(k)) cache.set(k, get(`/v1/${collection}/${id}`).catch(() => null));
  return cache.get(k);
}
export function forget() { cache.clear(); }
// A record that came embedded in another answer (embed=): kept as if it had been read.
export function remember(collection, rec) {
  if (rec && rec.id) cache.set(`${collection}/${rec.id}`, Promise.resolve(rec));
}
