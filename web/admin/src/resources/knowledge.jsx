// Knowledge: chunks and the sources they came from (read, delete; a chunk's
// text and tags are editable), and a search page (POST
// /api/knowledge_chunks/search, hybrid by default).
import { useState } from 'react';
import {
  Datagrid, DateField, Edit, List, NumberField, ReferenceField, SearchInput, Show, SimpleForm, SimpleShowLayout,
  TextArrayField, TextArrayInput, TextField, TextInput, Title, required,
} from 'react-admin';
import {
  Box, Button, Card, CardContent, MenuItem, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField,
} from '@mui/material';
import { api, session } from '../http';
import { CompanyPicker } from './common';

export const ChunkList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />, <TextInput key="t" source="tag" />]} sort={{ field: 'created_at', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="title" />
      <ReferenceField source="source_id" reference="knowledge_sources" label="Source" sortable={false} />
      <NumberField source="position" />
      <NumberField source="token_count" sortable={false} />
      <TextArrayField source="tags" sortable={false} />
      <DateField source="updated_at" showTime />
    </Datagrid>
  </List>
);

export const ChunkShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="title" />
      <ReferenceField source="source_id" reference="knowledge_sources" label="Source" />
      <TextArrayField source="heading_path" />
      <TextField source="content" sx={{ whiteSpace: 'pre-wrap' }} />
      <TextArrayField source="tags" />
      <NumberField source="token_count" />
      <DateField source="updated_at" showTime />
    </SimpleShowLayout>
  </Show>
);

export const ChunkEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="content" multiline fullWidth minRows={6} />
      <TextArrayInput source="tags" />
    </SimpleForm>
  </Edit>
);

export const SourceList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'updated_at', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="title" />
      <TextField source="type" sortable={false} />
      <TextField source="ref" sortable={false} />
      <NumberField source="chunk_count" sortable={false} />
      <TextField source="status" sortable={false} />
      <DateField source="updated_at" showTime />
    </Datagrid>
  </List>
);

export const SourceShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="title" />
      <TextField source="type" />
      <TextField source="ref" />
      <TextField source="format" />
      <NumberField source="chunk_count" />
      <TextField source="status" />
      <TextField source="embedding_model" />
      <TextArrayField source="tags" />
      <DateField source="updated_at" showTime />
    </SimpleShowLayout>
  </Show>
);

export const KnowledgeSearch = () => {
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState('hybrid');
  const [company, setCompany] = useState('');
  const [hits, setHits] = useState(null);
  const [error, setError] = useState(null);
  const search = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { query, mode, top_k: 10 };
      // A superadmin searches one company at a time: the picked one, else its own.
      const me = (session.get() || {}).me || {};
      if (me.role === 'superadmin') body.company_id = company || me.company_id;
      const { json } = await api('/api/knowledge_chunks/search', { method: 'POST', body });
      setHits(json.data || []);
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="Knowledge search" />
      <CardContent>
        <Box component="form" onSubmit={search}
          sx={{ display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr) 140px auto', gap: 1, alignItems: 'center' }}>
          <CompanyPicker value={company} onChange={setCompany} />
          <MuiTextField size="small" label="Query" name="query" value={query} onChange={(e) => setQuery(e.target.value)} fullWidth />
          <MuiTextField size="small" select label="Mode" value={mode} onChange={(e) => setMode(e.target.value)} >
            {['hybrid', 'keyword', 'vector'].map((m) => <MenuItem key={m} value={m}>{m}</MenuItem>)}
          </MuiTextField>
          <Button type="submit" variant="contained" disabled={!query.trim()}>Search</Button>
        </Box>
        {error && <p style={{ color: 'crimson' }}>{error}</p>}
        {hits && (
          <Table size="small" sx={{ mt: 2 }} data-testid="search-hits">
            <TableHead><TableRow><TableCell>Score</TableCell><TableCell>Source</TableCell><TableCell>Chunk</TableCell></TableRow></TableHead>
            <TableBody>
              {hits.length === 0 && <TableRow><TableCell colSpan={3}>No match</TableCell></TableRow>}
              {hits.map((h) => (
                <TableRow key={h.chunk.id}>
                  <TableCell>{Number(h.score).toFixed(3)}</TableCell>
                  <TableCell>{(h.source && (h.source.title || h.source.ref)) || '—'}</TableCell>
                  <TableCell>{h.chunk.title}: {String(h.chunk.content || '').slice(0, 240)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
};
