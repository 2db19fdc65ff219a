// Inputs shared by several resources.
import { ReferenceInput, SelectInput, required, usePermissions } from 'react-admin';

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
