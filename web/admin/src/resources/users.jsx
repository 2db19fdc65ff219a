// Users of the companies: admins create and edit them (roles per ARCHITECTURE §3).
import {
  BooleanField, BooleanInput, Create, Datagrid, DateField, Edit, EmailField, List, NullableBooleanInput,
  PasswordInput, ReferenceField, ReferenceInput, SearchInput, SelectField, SelectInput, Show, SimpleForm,
  SimpleShowLayout, TextField, TextInput, email, required,
} from 'react-admin';
import { CompanyInput } from './common';
import { choices, roles } from './meta';

const roleChoices = choices(roles);

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="r" source="role" choices={roleChoices} />,
  <NullableBooleanInput key="a" source="is_active" label="Active" />,
  <ReferenceInput key="c" source="company_id" reference="companies"><SelectInput optionText="name" label="Company" /></ReferenceInput>,
];

export const UserList = () => (
  <List filters={filters} sort={{ field: 'email', order: 'ASC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <EmailField source="email" />
      <TextField source="full_name" />
      <SelectField source="role" choices={roleChoices} />
      <ReferenceField source="company_id" reference="companies" label="Company" sortable={false} />
      <BooleanField source="is_active" label="Active" sortable={false} />
      <DateField source="last_login_at" showTime sortable={false} />
    </Datagrid>
  </List>
);

export const UserShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="id" />
      <EmailField source="email" />
      <TextField source="full_name" />
      <SelectField source="role" choices={roleChoices} />
      <ReferenceField source="company_id" reference="companies" label="Company" />
      <BooleanField source="is_active" label="Active" />
      <DateField source="created_at" showTime />
      <DateField source="last_login_at" showTime />
    </SimpleShowLayout>
  </Show>
);

export const UserEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm>
      <TextInput source="email" validate={[required(), email()]} />
      <TextInput source="full_name" />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <BooleanInput source="is_active" label="Active" />
      <PasswordInput source="password" label="New password (leave empty to keep)" />
    </SimpleForm>
  </Edit>
);

export const UserCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ role: 'content_writer', is_active: true }}>
      <TextInput source="email" validate={[required(), email()]} />
      <TextInput source="full_name" />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <PasswordInput source="password" validate={required()} />
      <CompanyInput mandatory />
    </SimpleForm>
  </Create>
);
