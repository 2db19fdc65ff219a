// The LLM usage page: daily cost by model (stacked bars) over a date range
// and the rows behind it (GET /api/llm/usage?from&to[&company_id]).
import { useEffect, useState } from 'react';
import { Title } from 'react-admin';
import {
  Alert, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, qs } from '../http';
import { byDay, dollars } from './usage';
import { CompanyPicker } from '../resources/common';

const palette = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#d32f2f', '#0288d1', '#6d4c41', '#455a64'];
const iso = (d) => d.toISOString().slice(0, 10);

export const Usage = () => {
  const today = new Date();
  const [from, setFrom] = useState(iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 29))));
  const [to, setTo] = useState(iso(today));
  const [company, setCompany] = useState('');
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setError(null);
    api(`/api/llm/usage${qs({ from, to, company_id: company })}`).then((r) => setReport(r.json), (e) => setError(e.message));
  }, [from, to, company]);
  const rows = (report && report.data) || [];
  const { points, models } = byDay(rows, from, to);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="LLM usage" />
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
          <TextField size="small" type="date" label="From" value={from} onChange={(e) => setFrom(e.target.value)} InputLabelProps={{ shrink: true }} />
          <TextField size="small" type="date" label="To" value={to} onChange={(e) => setTo(e.target.value)} InputLabelProps={{ shrink: true }} />
          <CompanyPicker value={company} onChange={setCompany} />
          {report && <Typography data-testid="usage-total">Total: {dollars(report.total_cost_micros)}</Typography>}
        </Stack>
        {error && <Alert severity="error">{error}</Alert>}
        <Typography variant="h6">Daily cost by model (USD)</Typography>
        <div data-testid="usage-chart" style={{ width: '100%', height: 320 }}>
          <ResponsiveContainer>
            <BarChart data={points} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tickFormatter={(d) => d.slice(5)} />
              <YAxis tickFormatter={(v) => `$${Number(v).toPrecision(2)}`} />
              <Tooltip formatter={(v) => `$${Number(v).toFixed(6)}`} />
              <Legend />
              {models.map((m, i) => <Bar key={m} dataKey={m} stackId="cost" fill={palette[i % palette.length]} isAnimationActive={false} />)}
            </BarChart>
          </ResponsiveContainer>
        </div>
        {models.length === 0 && !error && <Typography variant="body2">No LLM calls in this range.</Typography>}
        <Table size="small" sx={{ mt: 2 }}>
          <TableHead>
            <TableRow>
              {['Day', 'Model', 'Provider', 'Requests', 'Prompt tokens', 'Completion tokens', 'Cost'].map((h) => <TableCell key={h}>{h}</TableCell>)}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.day}/${r.model}/${r.provider}`}>
                <TableCell>{r.day}</TableCell><TableCell>{r.model}</TableCell><TableCell>{r.provider}</TableCell>
                <TableCell>{r.requests}</TableCell><TableCell>{r.prompt_tokens}</TableCell>
                <TableCell>{r.completion_tokens}</TableCell><TableCell>{dollars(r.cost_micros)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};
