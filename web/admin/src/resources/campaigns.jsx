// Campaigns: list, create, edit, and a show page with the progress summary
// (GET /api/campaigns/{id}/summary, counted from the campaign's tickets).
import { useEffect, useState } from 'react';
import {
  ChipField, Create, Datagrid, DateField, DateInput, Edit, List, NumberField, NumberInput, ReferenceInput,
  SearchInput, SelectArrayInput, SelectInput, Show, SimpleForm, SimpleShowLayout, TextArrayField,
  TextArrayInput, TextField, TextInput, required, useRecordContext,
} from 'react-admin';
import { Alert, Box, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { api } from '../http';
import { CompanyInput } from './common';
import { campaignStatuses, channels, choices } from './meta';

const statusChoices = choices(campaignStatuses);
const channelChoices = choices(channels);

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectArrayInput key="s" source="status" choices={statusChoices} alwaysOn />,
  <SelectInput key="ch" source="channel" choices={channelChoices} />,
  <TextInput key="t" source="tag" />,
];

export const CampaignList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <ChipField source="status" />
      <DateField source="start_at" />
      <DateField source="end_at" />
      <TextArrayField source="channels" sortable={false} />
      <NumberField source="budget_cents" label="Budget (cents)" />
      <DateField source="updated_at" showTime />
    </Datagrid>
  </List>
);

const pct = (x) => Math.round(Math.max(0, Math.min(1, x || 0)) * 100);

export const CampaignSummary = () => {
  const record = useRecordContext();
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!record) return;
    api(`/api/campaigns/${record.id}/summary`).then((r) => setSummary(r.json), (e) => setError(e.message));
  }, [record && record.id, record && record.version]);
  if (error) return <Alert severity="warning">Summary unavailable: {error}</Alert>;
  if (!summary) return <LinearProgress />;
  return (
    <Card variant="outlined" sx={{ my: 1 }} data-testid="campaign-summary">
      <CardContent>
        <Typography variant="h6">Progress</Typography>
        <Stack direction="row" spacing={4} sx={{ my: 1 }}>
          <Box><Typography variant="h4">{summary.total_tickets || 0}</Typography><Typography variant="caption">tickets</Typography></Box>
          <Box><Typography variant="h4">{summary.done_tickets || 0}</Typography><Typography variant="caption">done</Typography></Box>
          <Box><Typography variant="h4">{summary.overdue_tickets || 0}</Typography><Typography variant="caption">overdue</Typography></Box>
        </Stack>
        <Typography variant="body2">Done: {pct(summary.progress)}%</Typography>
        <LinearProgress variant="determinate" value={pct(summary.progress)} sx={{ mb: 1 }} />
        <Typography variant="body2">Time elapsed: {pct(summary.time_elapsed)}%</Typography>
        <LinearProgress variant="determinate" color="secondary" value={pct(summary.time_elapsed)} sx={{ mb: 1 }} />
        <Typography variant="body2">
          By status: {Object.entries(summary.tickets_by_status || {}).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ') || 'no tickets'}
        </Typography>
      </CardContent>
    </Card>
  );
};

export const CampaignShow = () => (
  <Show>
    <SimpleShowLayout>
      <CampaignSummary />
      <TextField source="name" />
      <ChipField source="status" />
      <TextField source="description" />
      <TextField source="goal" />
      <TextField source="audience" />
      <DateField source="start_at" />
      <DateField source="end_at" />
      <TextArrayField source="channels" />
      <TextArrayField source="tags" />
      <NumberField source="budget_cents" label="Budget (cents)" />
      <TextField source="currency" />
      <TextField source="version" />
      <DateField source="updated_at" showTime />
    </SimpleShowLayout>
  </Show>
);

const Fields = ({ edit }) => (
  <>
    <TextInput source="name" validate={required()} fullWidth />
    <TextInput source="description" multiline fullWidth />
    <TextInput source="goal" fullWidth />
    {edit && <SelectInput source="status" choices={statusChoices} />}
    <DateInput source="start_at" />
    <DateInput source="end_at" />
    <SelectArrayInput source="channels" choices={channelChoices} />
    <TextInput source="audience" fullWidth />
    <NumberInput source="budget_cents" label="Budget (cents)" />
    <TextInput source="currency" />
    <TextArrayInput source="tags" />
  </>
);

export const CampaignEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm><Fields edit /></SimpleForm>
  </Edit>
);

export const CampaignCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <Fields />
      <CompanyInput />
    </SimpleForm>
  </Create>
);
