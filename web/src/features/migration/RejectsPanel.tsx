import { useTranslation } from 'react-i18next';
import { rejectsFileUrl, useRejects } from '../../api/migration.ts';
import { useFormat } from '../../i18n/format.ts';
import { HeaderRow } from '../../ui/HeaderRow.tsx';
import { QueryView } from '../../ui/Status.tsx';

/** Rejected rows by reason — each reason code explained in words — and the rejects file to download. */
export function RejectsPanel({ deploymentId, importId, live }: { deploymentId: string; importId: string; live: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rejects = useRejects(deploymentId, importId, live);
  return (
    <QueryView query={rejects}>
      {(r) =>
        r.total ? (
          <>
            <p>{t('migration.rejects.total', { count: r.total, formatted: f.number(r.total) })}</p>
            <div className="table-scroll">
              <table className="data-table rejects-table" data-testid="rejects">
                <caption className="visually-hidden">{t('migration.rejects.title')}</caption>
                <thead>
                  <HeaderRow labels={[t('migration.rejects.reason'), t('migration.rejects.count'), t('migration.rejects.meaning')]} />
                </thead>
                <tbody>
                  {r.byReason.map((x) => (
                    <tr key={x.reason} data-testid="reject-reason">
                      <td>
                        <code>{x.reason}</code>
                      </td>
                      <td className="num">{f.number(x.count)}</td>
                      <td>{t(`migration.reason.${x.reason}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {r.file && (
              <p>
                <a className="button button-small" href={rejectsFileUrl(deploymentId, importId)} download={r.file.name}>
                  {t('migration.rejects.download', { size: f.fileSize(r.file.size) })}
                </a>{' '}
                <span className="subtle">{t('migration.rejects.fileHint')}</span>
              </p>
            )}
          </>
        ) : (
          <p className="muted">{live ? t('migration.rejects.noneYet') : t('migration.rejects.none')}</p>
        )
      }
    </QueryView>
  );
}
