// http.js: every request of the console goes through here. It adds the
// access token, refreshes it once on a 401 (POST /auth/refresh, rotation:
// the new refresh token replaces the old one) and turns FastAPI-shaped
// errors into react-admin HttpErrors (422 details become field errors).
import { HttpError } from 'react-admin';

const KEY = 'copydesk.auth';

export const session = {
  get() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || null;
    } catch {
      return null;
    }
  },
  set(v) {
    localStorage.setItem(KEY, JSON.stringify(v));
  },
  clear() {
    localStorage.removeItem(KEY);
  },
};

// detailMessage makes one line of a FastAPI error body.
export function detailMessage(body, status) {
  const d = body && body.detail;
  if (typeof d === 'string') return d;
  if (Array.isArray(d)) return d.map((e) => `${(e.loc || []).slice(1).join('.') || 'body'}: ${e.msg}`).join('; ');
  return `HTTP ${status}`;
}

// fieldErrors maps 422 details to react-admin's {errors: {field: msg}}.
function fieldErrors(body) {
  const out = {};
  if (body && Array.isArray(body.detail)) {
    for (const e of body.detail) {
      const loc = (e.loc || []).filter((p) => p !== 'body' && p !== 'query');
      if (loc.length) out[loc.join('.')] = e.msg;
    }
  }
  return out;
}

async function parse(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

let refreshing = null;

// refresh trades the stored refresh token for a new pair, once at a time.
export function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const s = session.get();
      if (!s || !s.refresh_token) return false;
      const res = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: s.refresh_token }),
      });
      if (!res.ok) {
        session.clear();
        return false;
      }
      const t = await res.json();
      session.set({ ...s, access_token: t.access_token, refresh_token: t.refresh_token });
      return true;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

// api sends a request; body (an object) goes as JSON. It resolves to
// {status, json} and rejects with an HttpError.
export async function api(path, { method = 'GET', body, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  const s = session.get();
  if (s && s.access_token) headers.Authorization = `Bearer ${s.access_token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && !retried && s && s.refresh_token && (await refresh())) {
    return api(path, { method, body, retried: true });
  }
  const json = await parse(res);
  if (!res.ok) {
    throw new HttpError(detailMessage(json, res.status), res.status, { ...json, errors: fieldErrors(json) });
  }
  return { status: res.status, json };
}

// qs builds a query string; arrays repeat their key, empty values drop.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) u.append(k, String(one));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}
