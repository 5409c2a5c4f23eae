import { Badge } from '@mantine/core';
import { STATUS_LABEL_VI, type DossierStatus } from '@shared/domain/status';

const COLOR: Record<DossierStatus, string> = {
  received: 'blue',
  processing: 'indigo',
  supplement_requested: 'orange',
  financial_obligation: 'orange',
  refused: 'gray',
  withdrawn: 'gray',
  stopped: 'gray',
  processed: 'teal',
  returned: 'green',
};

export function StatusBadge({ status }: { status: DossierStatus }) {
  return (
    <Badge color={COLOR[status]} variant="light" data-status={status}>
      {STATUS_LABEL_VI[status]}
    </Badge>
  );
}
