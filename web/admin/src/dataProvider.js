// dataProvider.js: react-admin's data provider for the Copydesk REST face.
// Lists are {data,total} with skip/limit/sort/order; ids are `id`.
//
// Updates send only the fields the user changed that the resource lets a
// client edit (plus `version` where the resource has one), as PATCH. The
// gateway refuses read-only output fields (company_id, created_at, …) on
// PUT/PATCH today; once it ignores unchanged ones (issue 11), sending the
// whole record would work too, but a diff is what PATCH means anyway.
import { api, qs } from './http';
import { resources } from './resources/meta';

const path = (resource) => (resources[resource] && resources[resource].path) || `/api/${resource}`;

// A nested resource (a ticket's comments, its history) lives under its
// parent: /api/tickets/{ticket_id}/comments. Its parent id comes from the
// filter (lists) or the record (create).
function nestedPath(resource, values) {
  const n = resources[resource] && resources[resource].nested;
  if (!n) return [path(resource), values];
  const { [n.key]: parentId, ...rest } = values || {};
  return [`/api/${n.parent}/${encodeURIComponent(parentId)}/${n.sub}`, rest];
}

// toWire turns the form's dates ("2027-03-01" or local "2027-03-01T10:00")
// into RFC 3339 timestamps; blank strings of optional fields are dropped.
function toWire(data, dateFields = []) {
  const out = {};
  for (const [k, v] of Object.entries(data)) {
    if (dateFields.includes(k) && typeof v === 'string' && v !== '') {
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
      out[k] = Number.isNaN(d.getTime()) ? v : d.toISOString();
    } else {
      out[k] = v;
    }
  }
  return out;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function listQuery(resource, { pagination, sort, filter }) {
  const meta = resources[resource] || {};
  const { page = 1, perPage = 25 } = pagination || {};
  const params = { skip: (page - 1) * perPage, limit: perPage, ...filter };
  if (sort && sort.field && (meta.sorts || []).includes(sort.field)) {
    params.sort = sort.field;
    params.order = String(sort.order || 'ASC').toLowerCase();
  }
  return qs(params);
}

export const dataProvider = {
  async getList(resource, params) {
    const [base, filter] = nestedPath(resource, params.filter);
    const { json } = await api(base + listQuery(resource, { ...params, filter }));
    return { data: json.data || [], total: json.total ?? (json.data || []).length };
  },
  async getOne(resource, { id }) {
    const { json } = await api(`${path(resource)}/${encodeURIComponent(id)}`);
    return { data: json };
  },
  async getMany(resource, { ids }) {
    const got = await Promise.all(
      ids.map((id) => api(`${path(resource)}/${encodeURIComponent(id)}`).then((r) => r.json, () => null)),
    );
    return { data: got.filter(Boolean) };
  },
  async getManyReference(resource, { target, id, ...rest }) {
    return dataProvider.getList(resource, { ...rest, filter: { ...(rest.filter || {}), [target]: id } });
  },
  async create(resource, { data }) {
    const meta = resources[resource] || {};
    const [base, values] = nestedPath(resource, data);
    const body = {};
    for (const [k, v] of Object.entries(toWire(values, meta.dates))) {
      if (v !== '' && v !== null && v !== undefined) body[k] = v;
    }
    const { json } = await api(base, { method: 'POST', body });
    return { data: json };
  },
  async update(resource, { id, data, previousData = {} }) {
    const meta = resources[resource] || {};
    const next = toWire(data, meta.dates);
    const prev = toWire(previousData, meta.dates);
    const body = {};
    for (const f of meta.editable || []) {
      if (!(f in next) || same(next[f], prev[f])) continue;
      if (f === 'password' && !next[f]) continue;
      body[f] = next[f] === undefined ? null : next[f];
    }
    if (meta.versioned) body.version = previousData.version ?? data.version;
    if (meta.onUpdate) meta.onUpdate(body, next, prev);
    const { json } = await api(`${path(resource)}/${encodeURIComponent(id)}`, { method: 'PATCH', body });
    return { data: json };
  },
  async updateMany(resource, { ids, data }) {
    const done = [];
    for (const id of ids) {
      const { data: prev } = await dataProvider.getOne(resource, { id });
      await dataProvider.update(resource, { id, data: { ...prev, ...data }, previousData: prev });
      done.push(id);
    }
    return { data: done };
  },
  async delete(resource, { id, previousData }) {
    const meta = resources[resource] || {};
    const q = meta.versioned && previousData ? qs({ version: previousData.version }) : '';
    const { json } = await api(`${path(resource)}/${encodeURIComponent(id)}${q}`, { method: 'DELETE' });
    return { data: json || previousData || { id } };
  },
  async deleteMany(resource, { ids }) {
    for (const id of ids) await api(`${path(resource)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return { data: ids };
  },
};
