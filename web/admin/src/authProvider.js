// authProvider.js: the OAuth2 password grant against /auth/token (a form,
// as OAuth2 wants), the caller from /auth/me, logout revoking the refresh
// token. 401s are retried after a refresh in http.js; one that still
// fails logs out, a 403 does not.
import { api, detailMessage, session } from './http';

export const authProvider = {
  async login({ username, password }) {
    const form = new URLSearchParams({ grant_type: 'password', username, password });
    const res = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(detailMessage(body, res.status));
    session.set({ access_token: body.access_token, refresh_token: body.refresh_token });
    const { json: me } = await api('/auth/me');
    session.set({ ...session.get(), me });
  },
  async logout() {
    const s = session.get();
    if (s && s.refresh_token) {
      await api('/auth/logout', { method: 'POST', body: { refresh_token: s.refresh_token } }).catch(() => {});
    }
    session.clear();
  },
  async checkAuth() {
    const s = session.get();
    if (!s || !s.access_token) throw new Error('Please log in');
  },
  async checkError(error) {
    if (error && error.status === 401) {
      session.clear();
      throw new Error('Session expired');
    }
  },
  async getIdentity() {
    const s = session.get();
    const me = (s && s.me) || {};
    return { id: me.id, fullName: me.full_name || me.email, email: me.email, role: me.role, company_id: me.company_id };
  },
  async getPermissions() {
    const s = session.get();
    return (s && s.me && s.me.role) || '';
  },
};
