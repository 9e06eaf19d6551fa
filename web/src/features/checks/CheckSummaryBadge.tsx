import { useTranslation } from 'react-i18next';
import type { Item } from '../../api/types.ts';
import { Badge } from '../../ui/Badge.tsx';

/** An item's checks by their last result: failing (red), all passing (green), or how many pass so far. */
export function CheckSummaryBadge({ checks }: { checks: NonNullable<Item['checks']> }) {
  const { t } = useTranslation();
  if (checks.failing > 0) return <Badge tone="danger">{t('itemChecks.failing', { count: checks.failing })}</Badge>;
  if (checks.passing === checks.total) return <Badge tone="success">{t('itemChecks.passing', { count: checks.total })}</Badge>;
  return <Badge tone="neutral">{t('itemChecks.partly', { passing: checks.passing, total: checks.total })}</Badge>;
}
