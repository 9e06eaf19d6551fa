import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddComment, useComments } from '../../api/items.ts';
import { useFormat } from '../../i18n/format.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage, QueryView } from '../../ui/Status.tsx';

export function Comments({ deploymentId, itemKey }: { deploymentId: string; itemKey: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const comments = useComments(deploymentId, itemKey);
  const add = useAddComment(deploymentId, itemKey);
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    add.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        setSaved(t('comments.added'));
      },
    });
  };

  return (
    <section className="panel-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('comments.title')}</h3>
      <QueryView query={comments}>
        {(list) =>
          list.length ? (
            <ol className="feed">
              {list.map((c) => (
                <li key={c.id}>
                  <p className="feed-meta">
                    <strong>{c.author.displayName}</strong> · <time dateTime={c.createdAt}>{f.dateTime(c.createdAt)}</time>
                  </p>
                  <p className="feed-body">{c.body}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('comments.none')}</p>
          )
        }
      </QueryView>
      <form onSubmit={submit} className="form-stack">
        <div className="field">
          <label htmlFor={`${id}-body`}>{t('comments.add')}</label>
          <textarea id={`${id}-body`} rows={2} required maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <div>
          <button type="submit" className="button" disabled={add.isPending || !body.trim()}>
            {t('comments.submit')}
          </button>
        </div>
      </form>
      <ErrorNotice error={add.error} />
      <LiveMessage message={saved} />
    </section>
  );
}
