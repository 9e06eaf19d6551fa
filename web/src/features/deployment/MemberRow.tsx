import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types.ts';
import { ErrorNotice } from '../../ui/ErrorNotice.tsx';

interface Props {
  member: Member;
  roleTitle: (key: string) => string;
  isMe: boolean;
  /** Set when the viewer may remove members: the removal, its state and its error belong to the section. */
  removal?: { remove: () => void; pending: boolean; error: unknown; reset: () => void } | undefined;
}

/** One team member; removing asks once more, with Cancel focused so Enter does no harm. */
export function MemberRow({ member: m, roleTitle, isMe, removal }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const id = useId();

  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (asked.current) removeButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const cancel = () => {
    removal?.reset();
    setConfirming(false);
  };

  return (
    <li className="member" data-testid="member" data-user-id={m.userId}>
      <span className="member-person">
        <span className="member-name">
          {m.displayName}
          {isMe && <span className="tag tag-spaced">{t('team.you')}</span>}
        </span>
        <span className="subtle break-anywhere">{m.email}</span>
      </span>
      <span className="member-role">
        <span className="visually-hidden">{t('team.role')}: </span>
        {roleTitle(m.role)}
      </span>
      {removal && !confirming && (
        <button ref={removeButton} type="button" className="button button-small" aria-label={t('team.removeNamed', { name: m.displayName })} onClick={() => setConfirming(true)}>
          {t('team.remove')}
        </button>
      )}
      {removal && confirming && (
        <div className="member-confirm" role="group" aria-labelledby={`${id}-ask`}>
          <p id={`${id}-ask`}>{t('team.confirmRemove', { name: m.displayName })}</p>
          <div className="button-row">
            <button type="button" className="button button-small button-danger" disabled={removal.pending} onClick={removal.remove}>
              {t('team.confirm')}
            </button>
            <button ref={cancelButton} type="button" className="button button-small" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
          <ErrorNotice error={removal.error} />
        </div>
      )}
    </li>
  );
}
