// Webhooks of a company (company admins): signed ticket events. The
// secret is write-only: the API only says has_secret.
import {
  BooleanField, BooleanInput, CheckboxGroupInput, Create, Datagrid, DateField, Edit, List,
  NullableBooleanInput, PasswordInput, Show, SimpleForm, SimpleShowLayout, TextArrayField, TextField, TextInput,
  UrlField, required,
} from 'react-admin';
import { eventTypes } from './meta';

const eventChoices = eventTypes.map((e) => ({ id: e, name: e }));

export const WebhookList = () => (
  <List filters={[<NullableBooleanInput key="a" source="active" />]}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <UrlField source="url" sortable={false} />
      <TextArrayField source="event_types" sortable={false} emptyText="all events" />
      <BooleanField source="active" sortable={false} />
      <BooleanField source="has_secret" label="Secret set" sortable={false} />
      <DateField source="created_at" showTime sortable={false} />
    </Datagrid>
  </List>
);

export const WebhookShow = () => (
  <Show>
    <SimpleShowLayout>
      <UrlField source="url" />
      <TextArrayField source="event_types" emptyText="all events" />
      <BooleanField source="active" />
      <BooleanField source="has_secret" label="Secret set" />
      <TextField source="company_id" />
      <DateField source="created_at" showTime />
      <DateField source="updated_at" showTime />
    </SimpleShowLayout>
  </Show>
);

export const WebhookEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="url" validate={required()} fullWidth />
      <PasswordInput source="secret" label="New secret (leave empty to keep)" />
      <CheckboxGroupInput source="event_types" choices={eventChoices} helperText="none = all events" />
      <BooleanInput source="active" />
    </SimpleForm>
  </Edit>
);

export const WebhookCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ active: true }}>
      <TextInput source="url" validate={required()} fullWidth />
      <PasswordInput source="secret" validate={required()} helperText="16 to 256 characters" />
      <CheckboxGroupInput source="event_types" choices={eventChoices} helperText="none = all events" />
      <BooleanInput source="active" />
    </SimpleForm>
  </Create>
);
