// Inputs shared by several resources.
import { ReferenceInput, SelectInput, required, useGetList, usePermissions } from 'react-admin';
import { MenuItem, TextField } from '@mui/material';

// CompanyInput lets a superadmin name the company a new record belongs to
// (others always create in their own company, so they see nothing).
export const CompanyInput = ({ mandatory = false }) => {
  const { permissions } = usePermissions();
  if (permissions !== 'superadmin') return null;
  return (
    <ReferenceInput source="company_id" reference="companies">
      <SelectInput optionText="name" label={mandatory ? 'Company' : 'Company (default: yours)'} validate={mandatory ? required() : undefined} />
    </ReferenceInput>
  );
};

// CompanyPicker lets a superadmin look at another company's data (usage,
// budget, search); '' is the caller's own company.
export const CompanyPicker = ({ value, onChange }) => {
  const { permissions } = usePermissions();
  const { data = [] } = useGetList('companies', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: permissions === 'superadmin' });
  if (permissions !== 'superadmin') return null;
  return (
    <TextField size="small" select label="Company" name="company_id" value={value} onChange={(e) => onChange(e.target.value)}
      sx={{ width: 240, flexShrink: 0 }}
      SelectProps={{ displayEmpty: true }} InputLabelProps={{ shrink: true }}>
      <MenuItem value="">(yours)</MenuItem>
      {data.map((c) => <MenuItem key={c.id} value={c.id}>{c.name}</MenuItem>)}
    </TextField>
  );
};
