// Tickets (content requests): list with filters, create, edit. The show
// page with its workflow buttons, comments and history is ticketShow.jsx.
import {
  ChipField, Create, Datagrid, DateField, DateInput, Edit, List, NullableBooleanInput, ReferenceField,
  ReferenceInput, SearchInput, SelectArrayInput, SelectField, SelectInput, SimpleForm, TextArrayInput,
  TextField, TextInput, BooleanInput, required,
} from 'react-admin';
import { CompanyInput } from './common';
import { choices, priorities, ticketStatuses, ticketTypes } from './meta';

export const statusChoices = choices(ticketStatuses);
const typeChoices = choices(ticketTypes);
const priorityChoices = choices(priorities);

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectArrayInput key="s" source="status" choices={statusChoices} alwaysOn />,
  <SelectInput key="p" source="priority" choices={priorityChoices} />,
  <SelectInput key="t" source="type" choices={typeChoices} />,
  <NullableBooleanInput key="ar" source="archived" />,
  <BooleanInput key="m" source="mine" label="Mine only" />,
  <ReferenceInput key="c" source="company_id" reference="companies"><SelectInput optionText="name" label="Company" /></ReferenceInput>,
  <ReferenceInput key="cp" source="campaign_id" reference="campaigns"><SelectInput optionText="name" label="Campaign" /></ReferenceInput>,
];

export const TicketList = () => (
  <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="number" />
      <TextField source="title" />
      <ChipField source="status" />
      <SelectField source="priority" choices={priorityChoices} />
      <SelectField source="type" choices={typeChoices} sortable={false} />
      <ReferenceField source="assignee_id" reference="users" label="Assignee" sortable={false} emptyText="—" />
      <ReferenceField source="company_id" reference="companies" label="Company" sortable={false} />
      <DateField source="due_at" />
      <DateField source="updated_at" showTime />
    </Datagrid>
  </List>
);

const Fields = () => (
  <>
    <TextInput source="title" validate={required()} fullWidth />
    <TextInput source="description" multiline fullWidth />
    <SelectInput source="type" choices={typeChoices} validate={required()} />
    <SelectInput source="priority" choices={priorityChoices} />
    <DateInput source="due_at" />
    <TextArrayInput source="tags" />
    <ReferenceInput source="campaign_id" reference="campaigns">
      <SelectInput optionText="name" label="Campaign" emptyText="(none)" />
    </ReferenceInput>
  </>
);

export const TicketEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm><Fields /></SimpleForm>
  </Edit>
);

export const TicketCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ type: 'blog_post', priority: 'normal' }}>
      <Fields />
      <CompanyInput />
    </SimpleForm>
  </Create>
);
