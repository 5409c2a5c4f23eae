import { useTranslation } from 'react-i18next';
import { Table } from '@mantine/core';

/** Header of a dossier's component table (document, originals, copies): on the form and the dossier page. */
export function ComponentsTableHead() {
  const { t } = useTranslation();
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{t('receive.componentName')}</Table.Th>
        <Table.Th w={90}>{t('receive.originals')}</Table.Th>
        <Table.Th w={90}>{t('receive.copies')}</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}
