import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddEvidence, type EvidenceInput } from '../../api/evidence.ts';
import type { Item } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';
import { LiveMessage } from '../../ui/Status.tsx';

const KINDS = ['file', 'link', 'note'] as const;
type Kind = (typeof KINDS)[number];

/** Starts on the kind the item asks for (a check is added by the checks module, not by hand). */
const preferredKind = (item: Item): Kind => KINDS.find((k) => item.evidenceKinds.includes(k)) ?? 'file';

export function EvidenceForm({ deploymentId, item }: { deploymentId: string; item: Item }) {
  const { t } = useTranslation();
  const add = useAddEvidence(deploymentId, item.key);
  const [kind, setKind] = useState<Kind>(() => preferredKind(item));
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const input = (): EvidenceInput | null => {
    const n = note.trim() || undefined;
    if (kind === 'file') return file ? { kind, file, ...(n ? { note: n } : {}) } : null;
    if (kind === 'link') return url.trim() ? { kind, url: url.trim(), ...(n ? { note: n } : {}) } : null;
    return n ? { kind, note: n } : null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const value = input();
    if (!value) return;
    add.mutate(value, {
      onSuccess: (ev) => {
        setFile(null);
        setUrl('');
        setNote('');
        if (fileInput.current) fileInput.current.value = '';
        setSaved(t('evidence.added', { kind: t(`evidence.kind.${ev.kind}`) }));
      },
    });
  };

  return (
    <form className="evidence-form form-stack" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <fieldset className="segmented">
        <legend id={`${id}-legend`}>{t('evidence.add')}</legend>
        {KINDS.map((k) => (
          <label key={k} className={kind === k ? 'is-selected' : undefined}>
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`evidence.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      {kind === 'file' && (
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('evidence.file')}</label>
          <input id={`${id}-file`} ref={fileInput} type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
      )}
      {kind === 'link' && (
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('evidence.url')}</label>
          <input id={`${id}-url`} type="url" required maxLength={2000} placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{kind === 'note' ? t('evidence.note') : t('evidence.noteOptional')}</label>
        <textarea id={`${id}-note`} rows={2} maxLength={4000} required={kind === 'note'} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? t('evidence.uploading') : kind === 'file' ? t('evidence.upload') : t('evidence.submit')}
        </button>
      </div>
      <ErrorNotice error={add.error} />
      <LiveMessage message={saved} />
    </form>
  );
}
