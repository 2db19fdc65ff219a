// usage.js: turns GET /api/llm/usage rows (one per day, model and
// provider) into one point per day with a cost per model, every day of
// the range present (a day without calls is 0).

export function daysBetween(from, to) {
  const out = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < 400) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

// byDay returns {points: [{day, <model>: dollars}], models: [...]}.
export function byDay(rows, from, to) {
  const models = [...new Set(rows.map((r) => r.model))].sort();
  const points = new Map(daysBetween(from, to).map((day) => [day, { day }]));
  for (const r of rows) {
    const p = points.get(r.day) || { day: r.day };
    p[r.model] = (p[r.model] || 0) + (r.cost_micros || 0) / 1e6;
    points.set(r.day, p);
  }
  const list = [...points.values()].sort((a, b) => a.day.localeCompare(b.day));
  for (const p of list) for (const m of models) p[m] = p[m] || 0;
  return { points: list, models };
}

export const dollars = (micros) => `$${((micros || 0) / 1e6).toFixed(micros && micros < 10000 ? 6 : 2)}`;
