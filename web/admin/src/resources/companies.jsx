// Companies (tenants): superadmins manage them; a company admin reads its own.
import {
  BooleanField, BooleanInput, Create, Datagrid, DateField, Edit, List, NullableBooleanInput,
  SearchInput, Show, SimpleForm, SimpleShowLayout, TextField, TextInput, required,
} from 'react-admin';

const filters = [<SearchInput key="q" source="q" alwaysOn />, <NullableBooleanInput key="a" source="is_active" label="Active" />];

export const CompanyList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <TextField source="description" sortable={false} />
      <BooleanField source="is_active" label="Active" sortable={false} />
      <DateField source="created_at" showTime />
    </Datagrid>
  </List>
);

export const CompanyShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="id" />
      <TextField source="name" />
      <TextField source="description" />
      <BooleanField source="is_active" label="Active" />
      <DateField source="created_at" showTime />
      <DateField source="updated_at" showTime />
    </SimpleShowLayout>
  </Show>
);

const Fields = () => (
  <>
    <TextInput source="name" validate={required()} />
    <TextInput source="description" multiline fullWidth />
    <BooleanInput source="is_active" label="Active" />
  </>
);

export const CompanyEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm><Fields /></SimpleForm>
  </Edit>
);

export const CompanyCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ is_active: true }}><Fields /></SimpleForm>
  </Create>
);
