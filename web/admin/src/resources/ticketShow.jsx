// The ticket page: its fields, a button for each legal next status
// (POST /api/tickets/{id}/status with the version read), comments and
// history.
import { useState } from 'react';
import {
  ChipField, Datagrid, DateField, EditButton, Pagination, ReferenceField, ReferenceManyField, SelectField,
  Show, TabbedShowLayout, TextField, TextArrayField, TopToolbar, useCreate, useNotify, useRecordContext,
  useRefresh, Button as RaButton,
} from 'react-admin';
import { Box, Button, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { api } from '../http';
import { choices, priorities, ticketSteps, ticketTypes } from './meta';

const label = (s) => s.replace(/_/g, ' ');

export const WorkflowButtons = () => {
  const record = useRecordContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const steps = ticketSteps[record.status] || [];
  const move = async (status) => {
    setBusy(true);
    try {
      await api(`/api/tickets/${record.id}/status`, { method: 'POST', body: { status, version: record.version } });
      notify(`Moved to ${label(status)}`, { type: 'success' });
    } catch (e) {
      notify(e.message, { type: 'error' });
    } finally {
      setBusy(false);
      refresh();
    }
  };
  return (
    <Stack direction="row" spacing={1} alignItems="center" data-testid="workflow">
      <Typography variant="body2">Status:</Typography>
      <ChipField source="status" />
      {steps.length === 0 && <Typography variant="body2">(final)</Typography>}
      {steps.map((s) => (
        <Button key={s} variant={s === 'cancelled' ? 'outlined' : 'contained'} color={s === 'cancelled' ? 'error' : 'primary'}
          size="small" disabled={busy} onClick={() => move(s)} data-step={s}>
          {`Move to ${label(s)}`}
        </Button>
      ))}
    </Stack>
  );
};

const AddComment = () => {
  const record = useRecordContext();
  const [body, setBody] = useState('');
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const refresh = useRefresh();
  if (!record) return null;
  const send = () =>
    create('ticket_comments', { data: { ticket_id: record.id, body } }, {
      onSuccess: () => { setBody(''); refresh(); },
      onError: (e) => notify(e.message, { type: 'error' }),
    });
  return (
    <Box sx={{ display: 'flex', gap: 1, my: 1 }}>
      <MuiTextField id="new-comment" size="small" label="New comment" value={body} onChange={(e) => setBody(e.target.value)} fullWidth multiline />
      <RaButton label="Comment" onClick={send} disabled={!body.trim() || isPending} variant="contained" />
    </Box>
  );
};

const Actions = () => <TopToolbar><EditButton /></TopToolbar>;

export const TicketShow = () => (
  <Show actions={<Actions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="Ticket">
        <WorkflowButtons />
        <TextField source="number" />
        <TextField source="title" />
        <TextField source="description" />
        <SelectField source="type" choices={choices(ticketTypes)} />
        <SelectField source="priority" choices={choices(priorities)} />
        <DateField source="due_at" emptyText="—" />
        <TextArrayField source="tags" />
        <ReferenceField source="campaign_id" reference="campaigns" label="Campaign" emptyText="—" />
        <ReferenceField source="assignee_id" reference="users" label="Assignee" emptyText="—" />
        <ReferenceField source="created_by" reference="users" label="Created by" />
        <ReferenceField source="company_id" reference="companies" label="Company" />
        <TextField source="version" />
        <DateField source="created_at" showTime />
        <DateField source="updated_at" showTime />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="Comments" path="comments">
        <AddComment />
        <ReferenceManyField reference="ticket_comments" target="ticket_id" pagination={<Pagination />} perPage={25}>
          <Datagrid bulkActionButtons={false} rowClick={false} empty={<Typography variant="body2">No comments yet</Typography>}>
            <DateField source="created_at" showTime sortable={false} />
            <ReferenceField source="author_id" reference="users" label="Author" sortable={false} />
            <TextField source="body" sortable={false} />
          </Datagrid>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="History" path="history">
        <ReferenceManyField reference="ticket_history" target="ticket_id" pagination={<Pagination />} perPage={50}>
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <DateField source="at" showTime sortable={false} />
            <ReferenceField source="actor_id" reference="users" label="Actor" sortable={false} />
            <TextField source="action" sortable={false} />
            <TextField source="field" sortable={false} />
            <TextField source="from" sortable={false} />
            <TextField source="to" sortable={false} />
            <TextField source="note" sortable={false} />
          </Datagrid>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
