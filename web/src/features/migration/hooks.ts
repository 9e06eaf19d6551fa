import type { Deployment } from '../../api/types.ts';
import { formatRupiah } from '../../i18n/format.ts';

/** What the viewer may do with migration in this deployment (the API decides; this only hides what it would refuse). */
export function useMigrationPermissions(d: Pick<Deployment, 'myPermissions'> | undefined) {
  const perms = d?.myPermissions ?? [];
  return { read: perms.includes('migration.read'), run: perms.includes('migration.run') };
}

const rupiahWithSen = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An amount in sen as rupiah: whole rupiah as Rp 25.000, and the sen only when there are any. */
export const rupiahFromSen = (sen: number) => (sen % 100 === 0 ? formatRupiah(sen / 100) : rupiahWithSen.format(sen / 100));
