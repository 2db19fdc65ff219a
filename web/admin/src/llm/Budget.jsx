// The LLM budget page: GET /api/llm/budget, PUT it back (company admins for
// their company, up to the ceiling a superadmin set; superadmins for any,
// raising the ceiling when they go above it).
import { useEffect, useState } from 'react';
import { Title, useNotify } from 'react-admin';
import { Alert, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { api, qs } from '../http';
import { dollars } from './usage';
import { CompanyPicker } from '../resources/common';

export const Budget = () => {
  const notify = useNotify();
  const [company, setCompany] = useState('');
  const [budget, setBudget] = useState(null);
  const [dollarsLimit, setDollarsLimit] = useState('');
  const [rpm, setRpm] = useState('');
  const [error, setError] = useState(null);
  const show = (b) => {
    setBudget(b);
    setDollarsLimit(String((b.monthly_budget_micros || 0) / 1e6));
    setRpm(String(b.requests_per_minute || 0));
  };
  useEffect(() => {
    setError(null);
    api(`/api/llm/budget${qs({ company_id: company })}`).then((r) => show(r.json), (e) => setError(e.message));
  }, [company]);
  const save = async (e) => {
    e.preventDefault();
    try {
      const body = {
        monthly_budget_micros: Math.round(Number(dollarsLimit) * 1e6),
        requests_per_minute: parseInt(rpm, 10) || 0,
      };
      if (company) body.company_id = company;
      const { json } = await api('/api/llm/budget', { method: 'PUT', body });
      show(json);
      notify('Budget saved', { type: 'success' });
    } catch (err) {
      notify(err.message, { type: 'error' });
    }
  };
  return (
    <Card sx={{ mt: 2, maxWidth: 640 }}>
      <Title title="LLM budget" />
      <CardContent>
        <Stack spacing={2} component="form" onSubmit={save}>
          <CompanyPicker value={company} onChange={setCompany} />
          {error && <Alert severity="error">{error}</Alert>}
          {budget && (
            <Typography data-testid="budget-mtd">
              Spent this month: {dollars(budget.month_to_date_micros)}
              {` of ${dollars(budget.monthly_budget_micros)}`}
            </Typography>
          )}
          {budget && (
            <Typography data-testid="budget-ceiling" variant="body2" color="text.secondary">
              Ceiling (set by a superadmin): {dollars(budget.ceiling_monthly_budget_micros)} a month,
              {' '}{budget.ceiling_requests_per_minute} requests per minute; models: {(budget.allowed_models || []).join(', ')}
            </Typography>
          )}
          <TextField label="Monthly budget (USD, up to the ceiling)" type="number" inputProps={{ min: 0, step: 'any' }}
            value={dollarsLimit} onChange={(e) => setDollarsLimit(e.target.value)} />
          <TextField label="Requests per minute (up to the ceiling)" type="number" inputProps={{ min: 1, step: 1 }}
            value={rpm} onChange={(e) => setRpm(e.target.value)} />
          <Button type="submit" variant="contained" disabled={!budget}>Save</Button>
        </Stack>
      </CardContent>
    </Card>
  );
};
